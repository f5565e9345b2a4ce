package org.segmentij.command.region;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.InputException;
import org.segmentij.command.ImageCommand;
import org.segmentij.command.Techniques;
import org.segmentij.image.AxisImage;
import org.segmentij.image.ImagePlusAdapter;
import org.segmentij.image.LabelImages;
import org.segmentij.metrics.Panoptic;

import net.imglib2.img.Img;
import net.imglib2.loops.LoopBuilder;
import net.imglib2.type.numeric.integer.IntType;

/**
 * A label image as a panoptic image of one thing class: each object {@code l > 0} becomes
 * {@code class << 16 | l} ({@link Panoptic#encode}), the background 0; for
 * {@code ./segmentij eval --panoptic} against the output of panoptic-instances.
 */
@Plugin(type = Command.class, name = "labels-to-panoptic", label = "Labels to Panoptic IDs", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Regions>Labels to Panoptic IDs",
		description = "Encodes a label image as panoptic ids of one thing class (class << 16 | label, background 0), the form eval --panoptic and panoptic-instances (output_type=panoptic) use.")
public class LabelsToPanopticCommand extends ImageCommand {

	@Parameter(label = "Class of the objects", min = "1", description = "The thing class the objects get (1..32767).")
	private int class_id = 1;

	@Override
	public void run() {
		requireInput();
		if (class_id < 1 || class_id > Panoptic.MAX_CLASS)
			throw new org.segmentij.UsageException("class_id must be 1.." + Panoptic.MAX_CLASS + " (got " + class_id + "); e.g. 1.");
		Img<IntType> labels;
		try {
			labels = LabelImages.fromImagePlus(input);
		}
		catch (IllegalArgumentException e) {
			throw new InputException("Labels to Panoptic IDs: " + e.getMessage());
		}
		if (LabelImages.maxLabel(labels) > Panoptic.MAX_INSTANCE)
			throw new InputException("Labels to Panoptic IDs: the image has labels above " + Panoptic.MAX_INSTANCE
					+ ", more than a panoptic id holds; relabel it first (Connected Components Labeling).");
		Img<IntType> out = labels.factory().create(labels);
		int c = class_id;
		LoopBuilder.setImages(labels, out).forEachPixel((l, o) -> o.set(l.get() > 0 ? Panoptic.encode(c, l.get()) : 0));
		AxisImage<?> meta = ImagePlusAdapter.wrapReal(input);
		output = LabelImages.toImagePlus(new AxisImage<>(resultTitle("panoptic"), out, meta.axes(), meta.scale(), meta.origin(), meta.units()));
	}
}
