export function segmentationLosses(logits: Matrix, target: Matrix): { focal: number; dice: number; iou: number } {
  // TODO: p = sigmoid(logit) per pixel; target is 0 or 1.
  // focal: mean over pixels of alpha_t (1 - p_t)^2 BCE, with BCE computed from the logit
  //        (max(l, 0) - l t + log(1 + exp(-|l|))), p_t the probability of the true class,
  //        alpha_t 0.25 on target pixels and 0.75 on background pixels
  // dice: 1 - (2 sum(p t) + 1) / (sum(p) + sum(t) + 1)
  // iou: of the predicted mask (logit > 0) against the target; 1 when both are empty
  return { focal: 0, dice: 0, iou: 0 };
}
