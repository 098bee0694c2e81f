export function maskTokens(
  ids: number[],
  special: boolean[],
  draws: { select: number[]; action: number[]; randomId: number[] },
  maskId: number,
): { inputIds: number[]; labels: number[] } {
  // TODO: position i is selected when it is not special and draws.select[i] < 0.15.
  // TODO: a selected position keeps its original id as the label, and its input becomes
  //       maskId (action < 0.8), draws.randomId[i] (action < 0.9), or stays as it is.
  // TODO: an unselected position keeps its id and gets the label -100.
  return { inputIds: ids.slice(), labels: [] };
}
