package org.segmentij.command.threshold;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.threshold.LocalMethod;
import org.segmentij.command.Techniques;

/** Gaussian: object if the pixel > Gaussian-weighted local mean - c (OpenCV/scikit-image style). */
@Plugin(type = Command.class, name = "local-gaussian", label = "Gaussian Local Threshold", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Threshold>Local>Gaussian Local Threshold",
		description = "Gaussian: object if the pixel > Gaussian-weighted local mean - c (OpenCV/scikit-image style).")
public class GaussianLocalThresholdCommand extends LocalThresholdCommand {

	@Parameter(label = "C", description = "Offset subtracted from the Gaussian-weighted mean (0..255 scale).")
	private double c = 0.0;

	@Parameter(label = "Sigma", min = "0", description = "Gaussian sigma in pixels; 0 = radius/3.")
	private double sigma = 0.0;

	@Override
	protected LocalMethod method() {
		return LocalMethod.GAUSSIAN;
	}

	@Override
	protected double p1() {
		return c;
	}

	@Override
	protected double p2() {
		return sigma;
	}
}
