package org.segmentij.service;

import java.util.List;
import java.util.Map;

import org.segmentij.metrics.InstanceMatching;

/**
 * The metrics of one prediction against one ground truth.
 *
 * @param name     a name for the pair (the prediction's file or title)
 * @param summary  metric name to value, in a fixed order (numbers, or text for notes); instance
 *                 metrics carry their threshold as a suffix, e.g. {@code ap@0.50}
 * @param classes  one row per class (multi-class or panoptic evaluations), else empty
 * @param objects  the per-object table at IoU 0.5 when asked for, else empty
 */
public record Evaluation(String name, Map<String, Object> summary, List<Map<String, Object>> classes,
		List<InstanceMatching.ObjectMatch> objects) {

	/** A numeric metric, NaN when absent. */
	public double value(String metric) {
		Object v = summary.get(metric);
		return v instanceof Number n ? n.doubleValue() : Double.NaN;
	}
}
