package org.segmentij.command.instance;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.InputException;
import org.segmentij.command.ImageCommand;
import org.segmentij.command.Techniques;
import org.segmentij.image.AxisImage;
import org.segmentij.image.ImagePlusAdapter;
import org.segmentij.image.LabelImages;
import org.segmentij.instance.LabelMeasurements;
import org.segmentij.service.NamedTable;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.IntType;

/** Per-object measurements of a label image (and of an intensity image over its objects): a table. */
@Plugin(type = Command.class, name = "measure-labels", label = "Measure Labels", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Instance>Measure Labels",
		description = "One row per object of a label image: area or volume, centroid, bounding box, intensity (with an intensity image), perimeter, circularity, ellipse, solidity (2D), surface and sphericity (3D), calibrated.")
public class MeasureLabelsCommand extends ImageCommand {

	@Parameter(label = "Intensity image", required = false, persist = false,
			description = "Image whose values are measured over the objects (same size); none for shape only. In ImageJ an open image's title, on the command line a file.")
	private ImagePlus intensity;

	@Parameter(type = ItemIO.OUTPUT, label = "Measurements")
	private NamedTable measurements;

	@Override
	public void run() {
		requireInput();
		AxisImage<?> meta = ImagePlusAdapter.wrapReal(input);
		int spatial = meta.spatialDimensions();
		if (meta.data().numDimensions() != spatial)
			throw new InputException("Measure Labels: '" + input.getTitle() + "' has channels or frames; give one 2D image or one 3D stack of labels.");
		Img<IntType> labels;
		try {
			labels = LabelImages.fromImagePlus(input);
		}
		catch (IllegalArgumentException e) {
			throw new InputException("Measure Labels: " + e.getMessage());
		}
		AxisImage<?> values = null;
		if (intensity != null) {
			if (intensity.getWidth() != input.getWidth() || intensity.getHeight() != input.getHeight()
					|| intensity.getStackSize() != input.getStackSize())
				throw new InputException("Measure Labels: the intensity image '" + intensity.getTitle() + "' is "
						+ size(intensity) + " but the labels are " + size(input) + "; give images of the same size.");
			values = intensity.getType() == ImagePlus.COLOR_RGB
					? org.segmentij.image.RgbImages.luminance(ImagePlusAdapter.wrap(intensity))
					: ImagePlusAdapter.wrapReal(intensity);
		}
		LabelMeasurements.Table t = measure(labels, values, meta.scale());
		ResultsTable rt = new ResultsTable(t.rows());
		for (int c = 0; c < t.names().size(); c++)
			rt.setValues(t.names().get(c), t.columns()[c]);
		rt.setPrecision(-6); // 6 significant digits shown; values are kept at full precision
		measurements = new NamedTable(resultTitle("measurements"), rt);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static LabelMeasurements.Table measure(Img<IntType> labels, AxisImage<?> values, double[] spacing) {
		return LabelMeasurements.measure(labels, values == null ? null : (net.imglib2.RandomAccessibleInterval) values.data(), spacing);
	}

	private static String size(ImagePlus imp) {
		return imp.getWidth() + "x" + imp.getHeight() + (imp.getStackSize() > 1 ? "x" + imp.getStackSize() : "");
	}

	public NamedTable getMeasurements() {
		return measurements;
	}
}
