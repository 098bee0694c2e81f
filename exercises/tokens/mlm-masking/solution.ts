export function maskTokens(
  ids: number[],
  special: boolean[],
  draws: { select: number[]; action: number[]; randomId: number[] },
  maskId: number,
): { inputIds: number[]; labels: number[] } {
  const inputIds: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    const selected = !special[i] && draws.select[i] < 0.15;
    if (!selected) {
      inputIds.push(ids[i]);
      labels.push(-100); // ignored by the loss
      continue;
    }
    labels.push(ids[i]);
    if (draws.action[i] < 0.8) inputIds.push(maskId);
    else if (draws.action[i] < 0.9) inputIds.push(draws.randomId[i]);
    else inputIds.push(ids[i]);
  }
  return { inputIds, labels };
}
