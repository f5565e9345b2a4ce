package org.segmentij.command.threshold;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.threshold.LocalMethod;
import org.segmentij.command.Techniques;

/** Bernsen: object if the pixel is at least the window's mid-grey (min+max)/2; low-contrast windows are object where mid-grey >= 128. */
@Plugin(type = Command.class, name = "local-bernsen", label = "Bernsen Local Threshold", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Threshold>Local>Bernsen Local Threshold",
		description = "Bernsen: object if the pixel is at least the window's mid-grey (min+max)/2; low-contrast windows are object where mid-grey >= 128.")
public class BernsenLocalThresholdCommand extends LocalThresholdCommand {

	@Parameter(label = "Contrast", min = "0", description = "Contrast threshold (0..255 scale): windows with less contrast are classed by their mid-grey.")
	private double contrast = 15.0;

	@Override
	protected LocalMethod method() {
		return LocalMethod.BERNSEN;
	}

	@Override
	protected double p1() {
		return contrast;
	}
}
