package org.segmentij.command;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.segmentij.InputException;

import ij.ImagePlus;
import org.segmentij.image.AxisImage;
import org.segmentij.image.ImagePlusAdapter;

/**
 * Base of SegmentIJ's commands that take one image and give one image. Subclasses add their
 * parameters as SciJava {@code @Parameter} fields (named in snake_case: the name is the key used
 * in macros and on the command line), make one algorithm call, and set {@link #output}.
 * The input image is never modified.
 */
public abstract class ImageCommand implements Command {

	/** Image inputs are never persisted (java.util.prefs would hold on to them). */
	@Parameter(label = "Input image", persist = false, description = "The image to segment; it is not modified.")
	protected ImagePlus input;

	@Parameter(type = ItemIO.OUTPUT, label = "Result")
	protected ImagePlus output;

	public ImagePlus getOutput() {
		return output;
	}

	/** The input, checked to be there. */
	protected ImagePlus requireInput() {
		if (input == null)
			throw new InputException("No input image: open an image first, or pass one with -i on the command line.");
		if (input.getWidth() == 0 || input.getHeight() == 0 || input.getStackSize() == 0)
			throw new InputException("The image " + (untitled(input) ? "given" : "'" + input.getTitle() + "'")
					+ " is empty (" + input.getWidth() + "x" + input.getHeight() + " pixels); give an image with pixels.");
		return input;
	}

	/**
	 * The input as a real-valued ImgLib2 image (a view on its pixels, not a copy); an RGB input
	 * becomes its luminance.
	 */
	protected AxisImage<?> realImage() {
		return realImage(false);
	}

	/**
	 * The input as a real-valued image; an RGB input becomes its luminance (a copy), or with
	 * {@code rgbChannels} a view with red, green and blue as a channel axis.
	 */
	@SuppressWarnings("unchecked")
	protected AxisImage<?> realImage(boolean rgbChannels) {
		if (!isRgb())
			return ImagePlusAdapter.wrapReal(requireInput());
		AxisImage<net.imglib2.type.numeric.ARGBType> rgb = (AxisImage<net.imglib2.type.numeric.ARGBType>) (AxisImage<?>) ImagePlusAdapter
				.wrap(requireInput());
		return rgbChannels ? org.segmentij.image.RgbImages.channels(rgb) : org.segmentij.image.RgbImages.luminance(rgb);
	}

	/** ImageJ titles an image made without a name "null". */
	private static boolean untitled(ImagePlus imp) {
		String t = imp.getTitle();
		return t == null || t.isBlank() || t.equals("null");
	}

	/** True when the input is an RGB image. */
	protected boolean isRgb() {
		return input != null && input.getType() == ImagePlus.COLOR_RGB;
	}

	/** A result title made of the input's title (without extension) and a suffix: "cells-otsu". */
	protected String resultTitle(String suffix) {
		String t = input == null ? "image" : input.getTitle();
		// drop a file extension (getShortTitle() would also drop everything after a space)
		if (t != null && t.matches("(?s).+\\.[A-Za-z][A-Za-z0-9]{1,4}"))
			t = t.substring(0, t.lastIndexOf('.'));
		if (t == null || t.isBlank())
			t = "image";
		return t + "-" + suffix;
	}
}
