package org.segmentij.image;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.measure.Calibration;

/**
 * What describes an input and should stay on a result of the same geometry: the spatial and
 * temporal calibration (pixel width, height and depth with their units, origin, frame interval,
 * time unit, also for axes the image does not have, as ImageJ keeps them) and the overlay. The
 * grey-value calibration is not carried over: results are masks, labels or filtered values.
 */
public final class ImageMetadata {

	private ImageMetadata() {
	}

	/**
	 * Copies the input's calibration (not its value calibration) to a result of the same width and
	 * height, and the input's overlay when the result has the same channels, slices and frames and
	 * no overlay of its own. Does nothing when the sizes differ (a montage, a resampled image).
	 */
	public static void carryOver(ImagePlus input, ImagePlus result) {
		if (input == null || result == null || input == result || input.getWidth() != result.getWidth()
				|| input.getHeight() != result.getHeight())
			return;
		Calibration in = input.getCalibration(), out = result.getCalibration().copy();
		out.pixelWidth = in.pixelWidth;
		out.pixelHeight = in.pixelHeight;
		out.pixelDepth = in.pixelDepth;
		out.setXUnit(in.getXUnit());
		out.setYUnit(in.getYUnit().equals(in.getXUnit()) ? null : in.getYUnit());
		out.setZUnit(in.getZUnit().equals(in.getXUnit()) ? null : in.getZUnit());
		out.xOrigin = in.xOrigin;
		out.yOrigin = in.yOrigin;
		out.zOrigin = in.zOrigin;
		out.frameInterval = in.frameInterval;
		out.fps = in.fps;
		out.setTimeUnit(in.getTimeUnit());
		out.info = in.info;
		result.setCalibration(out);
		Overlay ov = input.getOverlay();
		if (ov != null && ov.size() > 0 && result.getOverlay() == null && input.getNChannels() == result.getNChannels()
				&& input.getNSlices() == result.getNSlices() && input.getNFrames() == result.getNFrames())
			result.setOverlay(ov.duplicate());
	}
}
