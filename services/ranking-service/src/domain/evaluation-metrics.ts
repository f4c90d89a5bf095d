/**
 * Area under the ROC curve: the chance that a random positive outranks a random negative (ties
 * count half), by the rank-sum (Mann–Whitney U) formula. NaN when either class is empty.
 */
export function auc(scores: readonly number[], labels: readonly boolean[]): number {
  if (scores.length !== labels.length) throw new RangeError("scores and labels differ in length");
  const order = scores.map((s, i) => ({ s, y: labels[i] === true })).sort((a, b) => a.s - b.s);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && (order[j] as { s: number }).s === (order[i] as { s: number }).s) j++;
    const averageRank = (i + 1 + j) / 2; // 1-based ranks i+1..j share their mean
    for (let k = i; k < j; k++)
      if ((order[k] as { y: boolean }).y) {
        positives++;
        rankSum += averageRank;
      }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

const dcg = (gains: readonly number[], k: number) =>
  gains.slice(0, k).reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);

/**
 * NDCG@k of one list: `relevance` in the order the model ranked the items. NaN when nothing in
 * the list is relevant (there is no ideal ordering to compare to).
 */
export function ndcgAt(k: number, relevance: readonly number[]): number {
  const ideal = dcg(
    [...relevance].sort((a, b) => b - a),
    k,
  );
  return ideal === 0 ? Number.NaN : dcg(relevance, k) / ideal;
}

/** Mean of the finite values, NaN when there are none. */
export function meanOfFinite(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length === 0 ? Number.NaN : finite.reduce((a, b) => a + b, 0) / finite.length;
}
