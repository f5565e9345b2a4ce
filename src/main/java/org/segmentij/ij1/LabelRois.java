package org.segmentij.ij1;

import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.plugin.filter.ThresholdToSelection;
import ij.plugin.frame.RoiManager;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.IntType;

import org.segmentij.metrics.RoiGroundTruth;

/**
 * Label images to ImageJ ROIs and back.
 * <p>
 * {@link #toRois(ImagePlus)} traces, for every label of every 2D plane, the outline of its
 * pixels with ImageJ's own {@link ThresholdToSelection}: the outlines follow the pixel edges
 * exactly, so a label with holes, or split into pieces, becomes one composite
 * {@link ij.gui.ShapeRoi}, and rasterising the ROIs again (ImageJ's {@link Roi#getMask()}, as
 * {@link #fromRois} and {@link RoiGroundTruth#toLabels} do) gives back exactly the same
 * pixels. The ROIs are named {@code "label-<id>"}.
 */
public final class LabelRois {

	/** Prefix of the ROI names: {@code "label-"} followed by the label. */
	public static final String NAME_PREFIX = "label-";

	private LabelRois() {
	}

	/**
	 * One ROI per label per plane of an 8-, 16- or 32-bit label image (0 = background).
	 * <p>
	 * The ROIs come plane by plane (stack order), and within a plane by increasing label. Each
	 * is named {@code "label-<id>"}. In a stack each ROI's position is its plane: the slice
	 * ({@link Roi#setPosition(int)}) for a plain stack, channel, slice and frame
	 * ({@link Roi#setPosition(int, int, int)}) for a hyperstack; in a single image it is 0.
	 *
	 * @param labelImage the label image (not modified; its own ROI is ignored)
	 * @return the ROIs, an empty list for an all-background image
	 * @throws IllegalArgumentException for a null or RGB image, or pixel values that are not
	 *                                  labels (negative, or not whole numbers in a 32-bit image)
	 */
	public static List<Roi> toRois(ImagePlus labelImage) {
		if (labelImage == null)
			throw new IllegalArgumentException("No label image; open a label image first");
		if (labelImage.getType() == ImagePlus.COLOR_RGB)
			throw new IllegalArgumentException("Image '" + labelImage.getTitle()
					+ "' is RGB and cannot be a label image; use an 8-, 16- or 32-bit image whose values are labels");
		int w = labelImage.getWidth(), h = labelImage.getHeight();
		int nPlanes = labelImage.getStackSize();
		ImageStack stack = labelImage.getStack();
		boolean hyper = labelImage.isHyperStack();
		List<Roi> rois = new ArrayList<>();
		for (int p = 1; p <= nPlanes; p++) {
			ImageProcessor ip = nPlanes == 1 ? labelImage.getProcessor() : stack.getProcessor(p);
			int[] plane = new int[w * h];
			int max = 0;
			for (int y = 0, i = 0; y < h; y++)
				for (int x = 0; x < w; x++, i++) {
					float f = ip.getf(x, y);
					if (!(f >= 0) || f != Math.rint(f) || f >= 2147483648f)
						throw new IllegalArgumentException("Image '" + labelImage.getTitle()
								+ "' has the value " + f + " at x=" + x + ", y=" + y + (nPlanes > 1 ? ", plane " + p : "")
								+ ", which is not a label (labels are whole numbers, 0 or more); round or threshold it first");
					int v = (int) f;
					plane[i] = v;
					if (v > max)
						max = v;
				}
			if (max == 0)
				continue;
			// bounding box per label (raster order: the first pixel seen has the smallest y)
			int[] x0 = new int[max + 1], y0 = new int[max + 1], x1 = new int[max + 1], y1 = new int[max + 1];
			Arrays.fill(x0, Integer.MAX_VALUE);
			Arrays.fill(x1, -1);
			for (int y = 0, i = 0; y < h; y++)
				for (int x = 0; x < w; x++, i++) {
					int v = plane[i];
					if (v == 0)
						continue;
					if (x1[v] < 0)
						y0[v] = y;
					if (x < x0[v])
						x0[v] = x;
					if (x > x1[v])
						x1[v] = x;
					y1[v] = y;
				}
			ThresholdToSelection tts = new ThresholdToSelection();
			for (int v = 1; v <= max; v++) {
				if (x1[v] < 0)
					continue;
				int bw = x1[v] - x0[v] + 1, bh = y1[v] - y0[v] + 1;
				ByteProcessor mask = new ByteProcessor(bw, bh);
				byte[] mp = (byte[]) mask.getPixels();
				for (int y = 0; y < bh; y++)
					for (int x = 0; x < bw; x++)
						if (plane[(y + y0[v]) * w + x + x0[v]] == v)
							mp[y * bw + x] = (byte) 255;
				mask.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
				Roi roi = tts.convert(mask);
				if (roi == null)
					continue;
				Rectangle b = roi.getBounds();
				roi.setLocation(b.x + x0[v], b.y + y0[v]);
				roi.setName(NAME_PREFIX + v);
				if (nPlanes > 1) {
					if (hyper) {
						int[] czt = labelImage.convertIndexToPosition(p);
						roi.setPosition(czt[0], czt[1], czt[2]);
					} else
						roi.setPosition(p);
				}
				rois.add(roi);
			}
		}
		return rois;
	}

	/**
	 * Adds the ROIs, with their names, to ImageJ's ROI Manager, opening it when it is not open
	 * (or using the hidden one of a batch-mode macro).
	 *
	 * @param rois the ROIs to add, e.g. from {@link #toRois(ImagePlus)}
	 * @throws IllegalArgumentException for a null list or ROI, or when no ROI Manager can be
	 *                                  opened (headless, outside a batch-mode macro)
	 */
	public static void addToRoiManager(List<Roi> rois) {
		if (rois == null)
			throw new IllegalArgumentException("LabelRois.addToRoiManager: the ROI list is null; pass a list of ROIs");
		for (int i = 0; i < rois.size(); i++)
			if (rois.get(i) == null)
				throw new IllegalArgumentException("LabelRois.addToRoiManager: ROI " + (i + 1) + " of " + rois.size()
						+ " is null; remove it from the list");
		RoiManager rm = RoiManager.getInstance();
		if (rm == null) {
			if (GraphicsEnvironment.isHeadless())
				throw new IllegalArgumentException("LabelRois.addToRoiManager: there is no ROI Manager in headless mode; "
						+ "run inside ImageJ or a batch-mode macro, or save the ROIs instead");
			rm = RoiManager.getRoiManager();
		}
		for (Roi roi : rois)
			rm.add((ImagePlus) null, roi, -1);
	}

	/**
	 * ROIs back to a label image: rasterised by {@link RoiGroundTruth#toLabels(List, long, long, long)}
	 * (later ROIs win where they overlap), then each ROI named {@code "label-<id>"} gets its
	 * {@code id} back; when any ROI lacks such a name, the labels are those of
	 * {@code toLabels}: 1..n in list order.
	 *
	 * @param rois   area ROIs, e.g. from {@link #toRois(ImagePlus)}
	 * @param width  image width
	 * @param height image height
	 * @param depth  number of slices, 1 for a 2D image
	 * @return the label image, width x height (x depth when depth &gt; 1)
	 * @throws IllegalArgumentException as {@link RoiGroundTruth#toLabels(List, long, long, long)}
	 */
	public static Img<IntType> fromRois(List<Roi> rois, long width, long height, long depth) {
		Img<IntType> labels = RoiGroundTruth.toLabels(rois, width, height, depth).labels();
		int[] ids = new int[rois.size() + 1];
		for (int i = 0; i < rois.size(); i++) {
			String name = rois.get(i).getName();
			if (name == null || !name.startsWith(NAME_PREFIX))
				return labels;
			try {
				ids[i + 1] = Integer.parseInt(name.substring(NAME_PREFIX.length()));
			} catch (NumberFormatException e) {
				return labels;
			}
			if (ids[i + 1] <= 0)
				return labels;
		}
		Cursor<IntType> c = labels.cursor();
		while (c.hasNext()) {
			IntType t = c.next();
			t.set(ids[t.get()]);
		}
		return labels;
	}
}
