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
 * the model's probabilities in tiles (the 2D network on each plane), then seeded watershed
 * ({@link BoundaryInstances}); a label image. Seeds come from the distance transform of the
 * interior (default) or from the interior probability itself. A Z-stack gives 3D objects by
 * default ({@code stack=3d}): the distance transform, its smoothing and h-maxima and the
 * watershed are 3D, with the voxel depth from the calibration or {@code voxel_depth};
 * {@code stack=slices} labels each plane on its own (2D objects with labels unique in the stack).
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

	@Parameter(label = "Split depth 3D (pixel widths)", min = "0", stepSize = "0.5", description = "stack=3d, seeds=distance: split_depth for 3D objects (in pixel widths). Smaller than the 2D one: on the project's own synthetic 3D stacks (segmentij demo) 1 split touching nuclei best (3 merged many).")
	private double split_depth_3d = 1;

	@Parameter(label = "Seed threshold", min = "0.01", max = "0.99", stepSize = "0.05", description = "seeds=interior: interior probability above which pixels seed objects.")
	private double seed_threshold = 0.85;

	@Parameter(label = "Foreground threshold", min = "0.01", max = "0.99", stepSize = "0.05", description = "Object (interior + boundary) probability above which pixels belong to an object.")
	private double foreground_threshold = 0.5;

	@Parameter(label = "Minimum size (pixels)", min = "0", description = "Objects smaller than this are removed.")
	private long min_size = 10;

	@Parameter(label = "Stack", choices = { "3d", "slices" }, description = "Z-stacks: 3d (default) gives 3D objects (the 2D network on each slice, then seeds from the 3D distance transform of the interior and a 3D watershed over the foreground, with the voxel depth); slices labels each slice on its own (2D objects, numbered on from slice to slice).")
	private String stack = "3d";

	@Parameter(label = "Voxel depth (pixel widths)", min = "0", stepSize = "0.1", description = "stack=3d: distance between slices in pixel widths; 0 (default) takes it from the image's calibration (voxel depth / pixel width); give it for an uncalibrated stack.")
	private double voxel_depth = 0;

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
		boolean threeD = stackMode();
		double depth = voxelDepth(image);
		AxisImage<FloatType> prob = m.probabilities(image, m.tiling(tile, -1, 2), "p");
		int c = prob.dimensionOf(Axis.C);
		RandomAccessibleInterval<FloatType> bg = Views.hyperSlice(prob.data(), c, 0), in = Views.hyperSlice(prob.data(), c, 1);
		BoundaryInstances.Params p = new BoundaryInstances.Params(seed_threshold, foreground_threshold, 4, min_size);
		List<Axis> axes = new java.util.ArrayList<>(prob.axes());
		axes.remove(Axis.C);
		double[] scale = DeepPlanes.drop(prob.scale(), c);
		Img<IntType> out = labelStack(bg, in, axes, scale, threeD, depth, (b, i, spacing) -> seeds.equals("interior")
				? BoundaryInstances.segment(b, i, p)
				: BoundaryInstances.segmentDistanceSeeds(b, i, p, spacing.length > 2 ? split_depth_3d : split_depth, SEED_SMOOTHING,
						spacing));
		return new AxisImage<>(resultTitle(m.modelPackage().name + "-instances"), out, axes, scale, DeepPlanes.drop(prob.origin(), c),
				DeepPlanes.drop(prob.units(), c));
	}

	/** Labels one plane or volume of background and interior probabilities, with the pixel size per dimension (pixel widths). */
	interface Labeller {
		Img<IntType> label(RandomAccessibleInterval<FloatType> background, RandomAccessibleInterval<FloatType> interior, double[] spacing);
	}

	/**
	 * Labels background and interior probabilities whose axes (no channel) are X, Y and possibly
	 * Z and T: with {@code threeD} and a Z axis of more than one slice, each frame's X-Y-Z volume
	 * at once (spacing 1, height/width, {@code depth}), objects numbered within the frame;
	 * otherwise each X-Y plane on its own, its numbers continuing those of the planes before it
	 * in the same frame, so that every 2D object has a label of its own.
	 */
	static Img<IntType> labelStack(RandomAccessibleInterval<FloatType> bg, RandomAccessibleInterval<FloatType> in, List<Axis> axes,
			double[] scale, boolean threeD, double depth, Labeller labeller) {
		long[] dims = bg.dimensionsAsLongArray();
		Img<IntType> out = ArrayImgs.ints(dims);
		int z = axes.indexOf(Axis.Z), t = axes.indexOf(Axis.T);
		if (threeD && z >= 0 && dims[z] > 1) {
			if (z != 2)
				throw new IllegalStateException("Z is expected as the third axis, after X and Y (axes " + axes + ")");
			double[] spacing = { 1, aspect(scale), depth };
			long frames = t >= 0 ? dims[t] : 1;
			for (long f = 0; f < frames; f++) {
				RandomAccessibleInterval<FloatType> b = t >= 0 ? Views.hyperSlice(bg, t, f) : bg, i = t >= 0 ? Views.hyperSlice(in, t, f) : in;
				Img<IntType> lab = labeller.label(b, i, spacing);
				net.imglib2.loops.LoopBuilder.setImages(lab, t >= 0 ? Views.hyperSlice(out, t, f) : out).forEachPixel((s, d) -> d.set(s));
			}
			return out;
		}
		long planes = dims.length > 2 ? net.imglib2.util.Intervals.numElements(dims) / (dims[0] * dims[1]) : 1;
		long perFrame = z >= 0 ? dims[z] : 1;
		int offset = 0;
		for (long k = 0; k < planes; k++) {
			if (k % perFrame == 0)
				offset = 0;
			Img<IntType> lab = labeller.label(DeepPlanes.plane(bg, k), DeepPlanes.plane(in, k), new double[] { 1, aspect(scale) });
			int o = offset, max = 0;
			for (IntType v : lab)
				max = Math.max(max, v.get());
			net.imglib2.loops.LoopBuilder.setImages(lab, DeepPlanes.plane(out, k)).forEachPixel((s, d) -> d.set(s.get() == 0 ? 0 : s.get() + o));
			offset += max;
		}
		return out;
	}

	/** True for 3D objects (stack=3d), false for 2D objects plane by plane (stack=slices). */
	private boolean stackMode() {
		if ("3d".equals(stack))
			return true;
		if ("slices".equals(stack))
			return false;
		throw new org.segmentij.UsageException("stack must be 3d or slices (got " + stack
				+ "); 3d builds 3D objects from a Z-stack, slices labels each plane on its own.");
	}

	/** Pixel height / width (1 when the calibration does not give both). */
	private static double aspect(double[] scale) {
		double r = scale[1] / scale[0];
		return r > 0 && !Double.isInfinite(r) ? r : 1;
	}

	/** The voxel depth in pixel widths: voxel_depth if given, else the image's calibration. */
	private double voxelDepth(AxisImage<?> image) {
		if (!(voxel_depth >= 0) || Double.isInfinite(voxel_depth))
			throw new org.segmentij.UsageException("voxel_depth must be a finite number >= 0 (got " + voxel_depth
					+ "); 0 takes it from the image's calibration, e.g. voxel_depth=2 for voxels twice as deep as wide.");
		if (voxel_depth > 0)
			return voxel_depth;
		int x = image.dimensionOf(Axis.X), z = image.dimensionOf(Axis.Z);
		if (z < 0)
			return 1;
		double w = image.scale()[x], d = image.scale()[z];
		if (!(w > 0) || !(d > 0) || Double.isInfinite(w) || Double.isInfinite(d))
			throw new InputException("The image's voxel size is " + w + " x " + d + " (width x depth); set a positive calibration (Image > Properties) or give voxel_depth.");
		return d / w;
	}
}
