export function patchEmbed(image: Tensor3, W: Matrix, b: Vector, patchSize: number): Matrix {
  // TODO: patchify the image (raster order over patches, each flattened in (channel, y, x) order),
  // then map every flattened patch through the linear layer: token = patch W + b.
  // W is (C p p) x D and b has D entries; the result is N x D.
  // `patchify` and `matmul` are available as globals.
  return [];
}
