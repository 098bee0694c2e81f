export function conv2d(image: Tensor3, kernel: Kernel, bias: Vector, stride: number, padding: number): Tensor3 {
  // TODO: image is [channel][y][x], kernel is [out][in][ky][kx], bias has one entry per output channel.
  // 1. output size per side: floor((H + 2 padding - k) / stride) + 1 (and the same for W)
  // 2. out[o][oy][ox] = bias[o] + sum over c, ky, kx of kernel[o][c][ky][kx] times the (zero-padded)
  //    pixel under that kernel tap; the window of (oy, ox) starts stride steps along the padded image
  // 3. slide the kernel as it is (cross-correlation), no flipping
  return kernel.map(() => [[0]]);
}
