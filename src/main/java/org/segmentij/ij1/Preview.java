package org.segmentij.ij1;

import java.awt.Checkbox;
import java.util.Map;
import java.util.Set;
import java.util.Vector;

import org.segmentij.SegmentIJException;
import org.segmentij.params.ParameterParser;
import org.segmentij.service.SegmentIJ;
import org.segmentij.service.Technique;
import org.segmentij.service.TechniqueResult;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.process.ImageProcessor;

/**
 * The live preview of a technique's dialog: while "Preview (current slice)" is ticked, each
 * change of a parameter runs the technique on the slice shown (a copy; the input is never
 * touched) and puts the result in one window, "Preview of LABEL", which closes with the dialog.
 * Offered for the techniques that are fast on one slice (thresholds, edges, filters, regions,
 * clustering); not for deep learning (seconds per image) nor for the instance tools (their
 * results are tables and ROIs). A parameter that does not parse shows its message in the status
 * bar and keeps the dialog's OK button off.
 */
final class Preview {

	private static final Set<String> GROUPS = Set.of("Threshold", "Edges", "Filters", "Regions", "Clustering");

	private final Technique technique;
	private final ImagePlus input;
	private ImagePlus slice;
	private ImagePlus shown;
	private String lastKey;

	Preview(Technique technique, ImagePlus input) {
		this.technique = technique;
		this.input = input;
	}

	/** Whether a technique's dialog gets a preview. */
	static boolean offers(Technique t) {
		if (!GROUPS.contains(t.group()) || t.id().startsWith("try-all-"))
			return false;
		return t.parameters().stream().noneMatch(p -> p.isImage()); // a second image: the preview could not follow it
	}

	/** Called on every change of the dialog; returns whether the parameters are valid. */
	boolean update(GenericDialog gd, Map<String, String> text) {
		Map<String, Object> values;
		try {
			values = ParameterParser.parse(technique.label(), technique.parameters(), text);
		}
		catch (SegmentIJException e) {
			IJ.showStatus(e.getMessage());
			return false;
		}
		Vector<?> boxes = gd.getCheckboxes();
		boolean on = boxes != null && !boxes.isEmpty() && ((Checkbox) boxes.get(boxes.size() - 1)).getState();
		if (!on) {
			close();
			return true;
		}
		String key = input.getCurrentSlice() + " " + values;
		if (key.equals(lastKey) && shown != null && shown.getWindow() != null)
			return true;
		lastKey = key;
		try {
			long start = System.nanoTime();
			TechniqueResult r = SegmentIJ.segmentation().runParsed(technique, currentSlice(), values);
			ImagePlus out = r.image();
			if (out == null)
				return true;
			show(out);
			IJ.showStatus("Preview of " + technique.label() + ": " + (System.nanoTime() - start) / 1_000_000 + " ms");
		}
		catch (SegmentIJException e) {
			IJ.showStatus(e.getMessage());
		}
		return true;
	}

	/** The slice on display, as a calibrated single image (made once per slice). */
	private ImagePlus currentSlice() {
		int n = input.getCurrentSlice();
		if (slice == null || !String.valueOf(n).equals(slice.getProperty("SegmentIJ.previewSlice"))) {
			ImageProcessor ip = input.getStack().getProcessor(n).duplicate();
			slice = new ImagePlus(input.getTitle(), ip);
			slice.setCalibration(input.getCalibration().copy());
			slice.setProperty("SegmentIJ.previewSlice", String.valueOf(n));
		}
		return slice;
	}

	private void show(ImagePlus out) {
		String title = "Preview of " + technique.label();
		ImageProcessor ip = out.getProcessor();
		if (shown != null && shown.getWindow() != null && shown.getBitDepth() == out.getBitDepth()
				&& shown.getWidth() == out.getWidth() && shown.getHeight() == out.getHeight() && out.getStackSize() == 1) {
			shown.setProcessor(ip);
			shown.updateAndDraw();
			return;
		}
		close();
		shown = new ImagePlus(title, out.getStack());
		shown.setCalibration(out.getCalibration());
		shown.show();
	}

	/** Closes the preview window (the dialog closed, or preview was unticked). */
	void close() {
		if (shown != null) {
			shown.changes = false;
			shown.close();
			shown = null;
		}
		lastKey = null;
	}
}
