package org.segmentij.command.deep;

import java.util.List;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.InputException;
import org.segmentij.command.ImageCommand;
import org.segmentij.command.Techniques;
import org.segmentij.deep.store.LoadedModel;
import org.segmentij.image.Axis;
import org.segmentij.image.AxisImage;
import org.segmentij.image.LabelImages;
import org.segmentij.instance.BoundaryInstances;
import org.segmentij.service.ModelService;
import org.segmentij.service.SegmentIJ;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Instance segmentation with a boundary-aware model (classes background, interior, boundary):
 * the model's probabilities in tiles, then seeded watershed ({@link BoundaryInstances}) on each
 * 2D plane; a label image. Seeds come from the distance transform of the interior (default) or
 * from the interior probability itself.
 */
@Plugin(type = Command.class, name = "deep-instances", label = "Deep Instances (Boundary Model)", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Deep Learning>Deep Instances (Boundary Model)",
		description = "Objects from a background/interior/boundary network (e.g. models/nuclei-unet): seeds where the interior is likely, grown by watershed over the foreground; touching objects are split along the predicted boundaries.")
public class DeepInstancesCommand extends ImageCommand {

	/** Gaussian sigma (pixels) applied to the interior's distance transform before its h-maxima are taken. */
	static final double SEED_SMOOTHING = 2;

	@Parameter(label = "Model", description = "A boundary model: name under models/ or path of a package with classes background, interior, boundary.")
	private String model = "nuclei-unet";

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" })
	private String device = "auto";

	@Parameter(label = "Seeds", choices = { "distance", "interior" }, description = "distance: maxima of the (smoothed) distance transform of the interior, deeper than split_depth, so touching objects whose interiors still join at a neck split; interior: connected parts of the interior above seed_threshold.")
	private String seeds = "distance";

	@Parameter(label = "Split depth (pixels)", min = "0", stepSize = "0.5", description = "seeds=distance: how much a distance maximum must stand above the neck to another one to be a separate object (h of the h-maxima, in pixels).")
	private double split_depth = 3;

	@Parameter(label = "Seed threshold", min = "0.01", max = "0.99", stepSize = "0.05", description = "seeds=interior: interior probability above which pixels seed objects.")
	private double seed_threshold = 0.85;

	@Parameter(label = "Foreground threshold", min = "0.01", max = "0.99", stepSize = "0.05", description = "Object (interior + boundary) probability above which pixels belong to an object.")
	private double foreground_threshold = 0.5;

	@Parameter(label = "Minimum size (pixels)", min = "0", description = "Objects smaller than this are removed.")
	private long min_size = 10;

	@Parameter(label = "Tile size", min = "0", description = "0: the model's own.")
	private int tile = 0;

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public void run() {
		requireInput();
		ModelService service = SegmentIJ.models();
		LoadedModel m = service.model(model, service.device(device));
		List<String> classes = m.modelPackage().classes;
		if (classes.size() != 3)
			throw new InputException("The model " + m.modelPackage().name + " has the classes " + classes
					+ "; Deep Instances needs a boundary model with three (background, interior, boundary), e.g. one trained with --target boundary.");
		AxisImage image = realImage(isRgb() && m.modelPackage().inputChannels == 3);
		output = LabelImages.toImagePlus(segment(m, image));
	}

	private <T extends RealType<T> & NativeType<T>> AxisImage<IntType> segment(LoadedModel m, AxisImage<T> image) {
		AxisImage<FloatType> prob = m.probabilities(image, m.tiling(tile, -1, 2), "p");
		int c = prob.dimensionOf(Axis.C);
		RandomAccessibleInterval<FloatType> bg = Views.hyperSlice(prob.data(), c, 0), in = Views.hyperSlice(prob.data(), c, 1);
		BoundaryInstances.Params p = new BoundaryInstances.Params(seed_threshold, foreground_threshold, 4, min_size);
		// spatial axes of the input without channels: X, Y and the planes (each labelled on its own)
		long[] dims = bg.dimensionsAsLongArray();
		Img<IntType> out = ArrayImgs.ints(dims);
		long planes = dims.length > 2 ? net.imglib2.util.Intervals.numElements(dims) / (dims[0] * dims[1]) : 1;
		for (long k = 0; k < planes; k++) {
			RandomAccessibleInterval<FloatType> b = plane(bg, k), i = plane(in, k);
			Img<IntType> lab = seeds.equals("interior") ? BoundaryInstances.segment(b, i, p)
					: BoundaryInstances.segmentDistanceSeeds(b, i, p, split_depth, SEED_SMOOTHING);
			net.imglib2.loops.LoopBuilder.setImages(lab, plane(out, k)).forEachPixel((s, d) -> d.set(s));
		}
		List<Axis> axes = new java.util.ArrayList<>(prob.axes());
		axes.remove(Axis.C);
		return new AxisImage<>(resultTitle(m.modelPackage().name + "-instances"), out, axes, dropC(prob.scale(), c),
				dropC(prob.origin(), c), dropC(prob.units(), c));
	}

	/** Plane k (flat order of dimensions 2..n-1) of an image whose first two dimensions are X and Y. */
	private static <T> RandomAccessibleInterval<T> plane(RandomAccessibleInterval<T> img, long k) {
		RandomAccessibleInterval<T> v = img;
		long rest = k;
		for (int d = 2; d < img.numDimensions(); d++) {
			long size = img.dimension(d);
			v = Views.hyperSlice(v, 2, img.min(d) + rest % size);
			rest /= size;
		}
		return v;
	}

	private static double[] dropC(double[] a, int c) {
		double[] o = new double[a.length - 1];
		for (int i = 0, j = 0; i < a.length; i++)
			if (i != c)
				o[j++] = a[i];
		return o;
	}

	private static String[] dropC(String[] a, int c) {
		String[] o = new String[a.length - 1];
		for (int i = 0, j = 0; i < a.length; i++)
			if (i != c)
				o[j++] = a[i];
		return o;
	}
}
