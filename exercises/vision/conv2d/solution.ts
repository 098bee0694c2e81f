export function conv2d(image: Tensor3, kernel: Kernel, bias: Vector, stride: number, padding: number): Tensor3 {
  const C = image.length;
  const H = image[0].length;
  const W = image[0][0].length;
  const k = kernel[0][0].length;
  const outH = Math.floor((H + 2 * padding - k) / stride) + 1;
  const outW = Math.floor((W + 2 * padding - k) / stride) + 1;
  // a padded pixel is zero, so reading outside the image simply contributes nothing
  const pixel = (c: number, y: number, x: number) => (y < 0 || y >= H || x < 0 || x >= W ? 0 : image[c][y][x]);
  return kernel.map((filter, o) => {
    const out: Matrix = [];
    for (let oy = 0; oy < outH; oy++) {
      const row: Vector = [];
      for (let ox = 0; ox < outW; ox++) {
        // top-left corner of the window in unpadded image coordinates
        const y0 = oy * stride - padding;
        const x0 = ox * stride - padding;
        let sum = bias[o];
        for (let c = 0; c < C; c++) {
          for (let ky = 0; ky < k; ky++) {
            for (let kx = 0; kx < k; kx++) sum += filter[c][ky][kx] * pixel(c, y0 + ky, x0 + kx);
          }
        }
        row.push(sum);
      }
      out.push(row);
    }
    return out;
  });
}
