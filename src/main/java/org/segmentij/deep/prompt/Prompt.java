package org.segmentij.deep.prompt;

import java.util.ArrayList;
import java.util.List;

/**
 * The prompts for one object in a 2D image, in pixel coordinates of that image (x = column,
 * y = row, pixel centres at integer coordinates): positive points (on the object), negative
 * points (not on it) and an optional bounding box. At least one point or the box is required.
 *
 * @param positives points on the object, each {x, y}
 * @param negatives points off the object, each {x, y}
 * @param box {x0, y0, x1, y1} (inclusive corners) or null
 */
public record Prompt(List<double[]> positives, List<double[]> negatives, double[] box) {

	public Prompt {
		positives = List.copyOf(positives == null ? List.of() : positives);
		negatives = List.copyOf(negatives == null ? List.of() : negatives);
		if (box != null && box.length != 4)
			throw new IllegalArgumentException("a box prompt has 4 numbers {x0, y0, x1, y1}, got " + box.length);
		if (positives.isEmpty() && negatives.isEmpty() && box == null)
			throw new IllegalArgumentException("a prompt needs at least one point or a box");
	}

	public static Prompt point(double x, double y) {
		return new Prompt(List.of(new double[] { x, y }), List.of(), null);
	}

	public static Prompt box(double x0, double y0, double x1, double y1) {
		return new Prompt(List.of(), List.of(), new double[] { Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1) });
	}

	/** This prompt with one more point (a refining click). */
	public Prompt plus(double x, double y, boolean positive) {
		List<double[]> p = new ArrayList<>(positives), n = new ArrayList<>(negatives);
		(positive ? p : n).add(new double[] { x, y });
		return new Prompt(p, n, box);
	}
}
