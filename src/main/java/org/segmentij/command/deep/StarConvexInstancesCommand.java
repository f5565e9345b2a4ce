package org.segmentij.command.deep;

import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.InputException;
import org.segmentij.UsageException;
import org.segmentij.command.ImageCommand;
import org.segmentij.command.Techniques;
import org.segmentij.deep.store.LoadedModel;
import org.segmentij.deep.store.ModelPackage;
import org.segmentij.deep.train.StarDistTraining;
import org.segmentij.ij1.LabelRois;
import org.segmentij.image.Axis;
import org.segmentij.image.AxisImage;
import org.segmentij.image.LabelImages;
import org.segmentij.instance.StarConvex;
import org.segmentij.service.ModelService;
import org.segmentij.service.RoiSet;
import org.segmentij.service.SegmentIJ;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Instance segmentation with a star-convex polygon network (StarDist-style, a model trained with
 * {@code --target stardist}): the object probability and the radial distances of every pixel in
 * tiles (one tiling engine, halo blended), then the greedy polygon non-maximum suppression of
 * {@link StarConvex#nms} on each 2D plane (a stack: 2D objects, labels unique in the stack); a label image (labels by decreasing probability; where
 * kept polygons overlap the more probable one wins) and one ROI per object.
 */
@Plugin(type = Command.class, name = "star-convex-instances", label = "Star-Convex Instances (StarDist-style)", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Instance>Star-Convex Instances (StarDist-style)",
		description = "Objects as star-convex polygons from a StarDist-style network (e.g. models/nuclei-stardist): every pixel predicts an object probability and its distances to the object's border along 32 rays; the most probable polygons are kept, those overlapping a kept one by IoU > nms_threshold dropped. Labels, and with --rois-out one ROI per object.")
public class StarConvexInstancesCommand extends ImageCommand {

	@Parameter(label = "Model", description = "A star-convex (StarDist-style) model: name under models/ or path of a package trained with --target stardist.")
	private String model = "nuclei-stardist";

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" })
	private String device = "auto";

	@Parameter(label = "Probability threshold (-1: the model's)", min = "-1", max = "0.99", stepSize = "0.05", description = "Pixels whose object probability is above this propose a polygon; -1 (default): the value tuned for the model (model.json stardist.prob_threshold).")
	private double prob_threshold = -1;

	@Parameter(label = "NMS threshold (IoU, -1: the model's)", min = "-1", max = "1", stepSize = "0.05", description = "A polygon that overlaps a more probable kept one with IoU above this is dropped (lower: fewer, less overlapping objects); -1 (default): the value tuned for the model (model.json stardist.nms_threshold).")
	private double nms_threshold = -1;

	@Parameter(label = "Tile size", min = "0", description = "0: the model's own.")
	private int tile = 0;

	@Parameter(type = ItemIO.OUTPUT, label = "Object ROIs")
	private RoiSet rois;

	@Override
	public void run() {
		requireInput();
		if (!(prob_threshold > 0 && prob_threshold < 1) && prob_threshold != -1)
			throw new UsageException("prob_threshold must be in (0, 1), or -1 for the model's (got " + prob_threshold + "); e.g. prob_threshold=0.5.");
		if (!(nms_threshold >= 0 && nms_threshold <= 1) && nms_threshold != -1)
			throw new UsageException("nms_threshold must be in [0, 1], or -1 for the model's (got " + nms_threshold + "); e.g. nms_threshold=0.4.");
		if (tile < 0)
			throw new UsageException("tile must be >= 0 (0: the model's own), got " + tile + ".");
		ModelService service = SegmentIJ.models();
		LoadedModel m = service.model(model, service.device(device));
		int rays = checkModel(m.modelPackage());
		AxisImage image = realImage(isRgb() && m.modelPackage().inputChannels == 3);
		@SuppressWarnings("unchecked")
		AxisImage<IntType> labels = segment(m, image, rays);
		output = LabelImages.toImagePlus(labels);
		try {
			rois = new RoiSet(resultTitle("rois"), LabelRois.toRois(output));
		}
		catch (IllegalArgumentException e) {
			throw new InputException("Star-convex instances: " + e.getMessage());
		}
	}

	public RoiSet getRois() {
		return rois;
	}

	/** The rays of a star-convex model; InputException for any other model. */
	static int checkModel(ModelPackage p) {
		if (!ModelPackage.TASK_STARDIST.equals(p.task))
			throw new InputException("The model " + p.name + " is not a star-convex (StarDist-style) model (its task is '" + p.task
					+ "', classes " + p.classes + "); train one with --target stardist (e.g. models/nuclei-stardist), or use deep-instances for a boundary model.");
		int rays = p.stardist.has("rays") ? p.stardist.get("rays").getAsInt() : p.classes.size() - 1;
		if (rays < 3 || p.classes.size() != rays + 1)
			throw new InputException("The model " + p.name + " has " + p.classes.size() + " outputs but says " + rays
					+ " rays; a star-convex model has 1 + rays outputs.");
		return rays;
	}

	private double scale(ModelPackage p) {
		return p.stardist.has("distance_scale") ? p.stardist.get("distance_scale").getAsDouble() : StarDistTraining.DISTANCE_SCALE;
	}

	/** A threshold given, or the model's ({@code key} in model.json "stardist"), or the fallback. */
	static double threshold(double given, ModelPackage p, String key, double fallback) {
		if (given != -1)
			return given;
		return p.stardist.has(key) ? p.stardist.get(key).getAsDouble() : fallback;
	}

	private <T extends RealType<T> & NativeType<T>> AxisImage<IntType> segment(LoadedModel m, AxisImage<T> image, int rays) {
		double probT = threshold(prob_threshold, m.modelPackage(), "prob_threshold", StarDistTraining.DEFAULT_PROB_THRESHOLD);
		double nmsT = threshold(nms_threshold, m.modelPackage(), "nms_threshold", StarDistTraining.DEFAULT_NMS_THRESHOLD);
		AxisImage<FloatType> raw = m.probabilities(image, m.tiling(tile, -1, 2), "raw");
		int c = raw.dimensionOf(Axis.C);
		double scale = scale(m.modelPackage());
		RandomAccessibleInterval<FloatType> first = Views.hyperSlice(raw.data(), c, 0);
		long[] dims = first.dimensionsAsLongArray();
		int w = (int) dims[0], h = (int) dims[1];
		if ((long) w * h * (rays + 1) > Integer.MAX_VALUE)
			throw new InputException("The image planes are too large for the star-convex suppression (" + w + "x" + h
					+ " pixels with " + rays + " rays); crop or tile the image first.");
		Img<IntType> out = ArrayImgs.ints(dims);
		long planes = dims.length > 2 ? net.imglib2.util.Intervals.numElements(dims) / (dims[0] * dims[1]) : 1;
		int offset = 0;
		for (long k = 0; k < planes; k++) {
			float[] flat = new float[(rays + 1) * w * h];
			for (int ch = 0; ch <= rays; ch++) {
				Cursor<FloatType> cur = Views.flatIterable(DeepPlanes.plane(Views.hyperSlice(raw.data(), c, ch), k)).cursor();
				int off = ch * w * h;
				for (int i = 0; i < w * h; i++)
					flat[off + i] = cur.next().get();
			}
			int[] lab = predict(flat, w, h, rays, scale, probT, nmsT);
			Cursor<IntType> dst = Views.flatIterable(DeepPlanes.plane(out, k)).cursor();
			int max = 0;
			for (int i = 0; i < w * h; i++) {
				dst.next().set(lab[i] == 0 ? 0 : lab[i] + offset);
				max = Math.max(max, lab[i]);
			}
			offset += max; // labels unique in the stack
		}
		List<Axis> axes = new java.util.ArrayList<>(raw.axes());
		axes.remove(Axis.C);
		return new AxisImage<>(resultTitle(m.modelPackage().name + "-instances"), out, axes, DeepPlanes.drop(raw.scale(), c), DeepPlanes.drop(raw.origin(), c),
				DeepPlanes.drop(raw.units(), c));
	}

	/**
	 * Labels of one plane from the network's raw outputs ((1 + rays) x h x w, channel-major: the
	 * object logit, then the distances / scale): sigmoid and scale, then the suppression.
	 */
	public static int[] predict(float[] raw, int w, int h, int rays, double scale, double probThreshold, double nmsThreshold) {
		float[][] pd = StarDistTraining.decode(raw, w, h, rays, scale);
		return StarConvex.nms(pd[0], pd[1], w, h, rays, probThreshold, nmsThreshold).labels();
	}
}
