package org.segmentij.command.graph;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.UsageException;
import org.segmentij.classical.graph.SplitMerge;
import org.segmentij.command.ImageCommand;
import org.segmentij.command.Techniques;
import org.segmentij.image.AxisImage;
import org.segmentij.image.LabelImages;

import ij.ImagePlus;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;

/** Split-and-merge (quadtree / octree split, greedy merge on the region adjacency graph). */
@Plugin(type = Command.class, name = "split-merge", label = "Split and Merge", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Regions>Split and Merge",
		description = "Horowitz-Pavlidis split and merge: quadtree (octree for stacks) split of inhomogeneous blocks, then greedy merging of adjacent regions (closest means first) while the union stays homogeneous; RGB images use their luminance.")
public class SplitMergeCommand extends ImageCommand {

	@Parameter(label = "Predicate", choices = { "range", "std" }, description = "Homogeneity: range = max - min <= threshold; std = standard deviation <= threshold.")
	private String predicate = "range";

	@Parameter(label = "Threshold", min = "0", description = "Homogeneity threshold in intensity units.")
	private double threshold = 20;

	@Parameter(label = "Min size", min = "1", description = "Blocks whose longest side is at most this many pixels are not split further.")
	private int min_size = 1;

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public void run() {
		requireInput();
		if (!(threshold >= 0))
			throw new UsageException("threshold must be >= 0 (got " + threshold + "); use e.g. threshold=20.");
		if (min_size < 1)
			throw new UsageException("min_size must be >= 1 (got " + min_size + "); use 1 to split down to pixels.");
		if (!"range".equalsIgnoreCase(predicate) && !"std".equalsIgnoreCase(predicate))
			throw new UsageException("predicate must be range or std (got " + predicate + ").");
		GraphCommands.require2DOr3D(input, "Split and Merge");
		AxisImage image = realImage();
		output = run(image);
	}

	private <T extends RealType<T> & NativeType<T>> ImagePlus run(AxisImage<T> image) {
		return LabelImages.toImagePlus(image.withData(resultTitle("splitmerge"),
				SplitMerge.segment(image.data(), SplitMerge.Predicate.of(predicate), threshold, min_size)));
	}
}
