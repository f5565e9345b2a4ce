package org.segmentij.command.instance;

import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.InputException;
import org.segmentij.command.ImageCommand;
import org.segmentij.command.Techniques;
import org.segmentij.ij1.LabelRois;
import org.segmentij.service.RoiSet;

import ij.gui.Overlay;
import ij.gui.Roi;

/**
 * One ROI per label (composite ROIs for labels with holes or in pieces), for the ROI Manager or a
 * ROI set file; optionally the outlines as an overlay on a copy of the label image, or of the
 * image that was segmented.
 */
@Plugin(type = Command.class, name = "labels-to-rois", label = "Labels to ROI Manager", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Instance>Labels to ROI Manager",
		description = "One ROI per label and plane, named label-<id>, traced along the pixel edges (labels with holes become composite ROIs): into the ROI Manager, or a ROI set with -o rois.zip; with overlay, a copy of the labels (or of overlay_on, e.g. the segmented image) with the outlines as overlay.")
public class LabelsToRoisCommand extends ImageCommand {

	@Parameter(label = "Overlay", description = "Also give a copy of the label image with the outlines as an overlay (written with -o labels.tif).")
	private boolean overlay = false;

	@Parameter(label = "Overlay on", required = false, persist = false,
			description = "With overlay: draw the outlines on a copy of this image (e.g. the image that was segmented, of the same size) instead of on the labels.")
	private ij.ImagePlus overlay_on;

	@Parameter(type = ItemIO.OUTPUT, label = "ROIs")
	private RoiSet rois;

	@Override
	public void run() {
		requireInput();
		List<Roi> list;
		try {
			list = LabelRois.toRois(input);
		}
		catch (IllegalArgumentException e) {
			throw new InputException("Labels to ROI Manager: " + e.getMessage());
		}
		rois = new RoiSet(resultTitle("rois"), list);
		if (overlay_on != null && !overlay)
			throw new org.segmentij.UsageException("Labels to ROI Manager: overlay_on is for the overlay; add overlay=true.");
		if (overlay) {
			ij.ImagePlus base = overlay_on != null ? overlay_on : input;
			if (base.getWidth() != input.getWidth() || base.getHeight() != input.getHeight()
					|| base.getStackSize() != input.getStackSize())
				throw new InputException("Labels to ROI Manager: the overlay image '" + base.getTitle() + "' is " + base.getWidth()
						+ "x" + base.getHeight() + "x" + base.getStackSize() + " but the labels are " + input.getWidth() + "x"
						+ input.getHeight() + "x" + input.getStackSize() + "; give the image that was segmented, of the same size.");
			ij.ImagePlus copy = base.duplicate();
			copy.setTitle(resultTitle("outlines"));
			Overlay ov = new Overlay();
			for (Roi r : list) {
				Roi c = (Roi) r.clone();
				c.setStrokeColor(java.awt.Color.yellow);
				ov.add(c);
			}
			copy.setOverlay(ov);
			output = copy;
		}
	}

	public RoiSet getRois() {
		return rois;
	}
}
