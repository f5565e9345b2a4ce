package org.segmentij.command.region;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.region.LabelTools;
import org.segmentij.command.ImageCommand;
import org.segmentij.command.Techniques;
import org.segmentij.image.AxisImage;
import org.segmentij.image.LabelImages;

import ij.ImagePlus;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.IntType;

/** Cleans a label image: removes small objects and objects on the border, fills holes, relabels 1..n. */
@Plugin(type = Command.class, name = "label-cleanup", label = "Clean Up Labels", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Regions>Clean Up Labels",
		description = "Removes objects smaller than min_size (calibrated area or volume) and, if asked, objects touching the border; fills holes; relabels 1..n.")
public class LabelCleanupCommand extends ImageCommand {

	@Parameter(label = "Min size", min = "0", description = "Smallest object kept, in calibrated area (2D) or volume (3D) units; 0 keeps all.")
	private double min_size = 0;

	@Parameter(label = "Remove border objects", description = "Remove objects touching the image border (in x and y; and z for stacks).")
	private boolean remove_border = false;

	@Parameter(label = "Fill holes", description = "Give holes enclosed by one object that object's label.")
	private boolean fill_holes = false;

	@Override
	public void run() {
		requireInput();
		Img<IntType> labels = LabelImages.fromImagePlus(input);
		AxisImage<?> meta = realImage();
		double[] spacing = meta.scale();
		Img<IntType> out = labels;
		if (fill_holes)
			out = LabelTools.fillHoles(out);
		if (min_size > 0)
			out = LabelTools.removeSmall(out, min_size, spacing);
		if (remove_border)
			out = LabelTools.removeBorderObjects(out);
		out = LabelTools.relabelSequential(out);
		ImagePlus result = LabelImages.toImagePlus(meta.withData(resultTitle("clean"), out));
		output = result;
	}
}
