package org.segmentij.service;

import org.segmentij.metrics.InstanceMatching;
import org.segmentij.metrics.RoiGroundTruth;

/**
 * What to evaluate.
 *
 * @param classes      0: binary (any nonzero value is foreground); C > 0: both images hold class
 *                     values 0..C-1 and a confusion matrix with per-class rows is computed
 * @param ignoreClass  a class value of the truth that is not scored (void), or -1
 * @param surface      boundary and surface distances of the foreground (Hausdorff, HD95, ASSD,
 *                     surface Dice and boundary F1 at {@code tolerance})
 * @param tolerance    tolerance of surface Dice and boundary F1, in calibrated units
 * @param instances    instance matching (label images; binary masks are labelled by connected
 *                     components first) at {@code thresholds}, plus AP over 0.5:0.05:0.95
 * @param thresholds   IoU thresholds of the instance matching
 * @param partitions   Rand index, adapted Rand error, variation of information, covering
 * @param panoptic     both images are panoptic (class &lt;&lt; 16 | instance, see
 *                     {@link org.segmentij.metrics.Panoptic}): PQ, SQ, RQ per class and overall
 * @param perObject    keep the per-object table (truth id, predicted id, IoU) at IoU 0.5
 * @param overlap      how overlapping ROIs become labels when the truth is a ROI set
 * @param classSource  where ROI classes come from when the truth is a ROI set
 */
public record EvaluationOptions(int classes, int ignoreClass, boolean surface, double tolerance, boolean instances,
		double[] thresholds, boolean partitions, boolean panoptic, boolean perObject, RoiGroundTruth.OverlapPolicy overlap,
		RoiGroundTruth.ClassSource classSource) {

	public EvaluationOptions {
		if (classes < 0)
			throw new IllegalArgumentException("classes must be 0 (binary) or the number of classes, got " + classes + ".");
		if (!(tolerance >= 0) || Double.isInfinite(tolerance))
			throw new IllegalArgumentException("The surface tolerance must be 0 or more (calibrated units), got " + tolerance + ".");
		thresholds = thresholds == null || thresholds.length == 0 ? new double[] { 0.5 } : thresholds.clone();
		for (double t : thresholds)
			if (!(t >= 0 && t < 1))
				throw new IllegalArgumentException("IoU thresholds must lie in [0, 1), got " + t + ".");
		if (overlap == null)
			overlap = RoiGroundTruth.OverlapPolicy.LAST_WINS;
		if (classSource == null)
			classSource = RoiGroundTruth.ClassSource.NONE;
	}

	/** Binary semantic and surface metrics at a 2-unit tolerance; no instances. */
	public static EvaluationOptions defaults() {
		return new EvaluationOptions(0, -1, true, 2, false, new double[] { 0.5 }, false, false, false, null, null);
	}

	/** Everything for label images: semantic, surface, instances at 0.1..0.9 and 0.5:0.05:0.95, partitions. */
	public static EvaluationOptions all() {
		return new EvaluationOptions(0, -1, true, 2, true, InstanceMatching.defaultThresholds(), true, false, true, null, null);
	}

	public EvaluationOptions withInstances(boolean on, double... t) {
		return new EvaluationOptions(classes, ignoreClass, surface, tolerance, on, t.length == 0 ? thresholds : t, partitions,
				panoptic, perObject, overlap, classSource);
	}

	@Override
	public double[] thresholds() {
		return thresholds.clone();
	}
}
