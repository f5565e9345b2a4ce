package org.segmentij.command.deep;

import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.InputException;
import org.segmentij.command.ImageCommand;
import org.segmentij.command.Techniques;
import org.segmentij.deep.store.LoadedModel;
import org.segmentij.deep.store.ModelPackage;
import org.segmentij.image.Axis;
import org.segmentij.image.AxisImage;
import org.segmentij.image.LabelImages;
import org.segmentij.instance.PanopticInstances;
import org.segmentij.metrics.Panoptic;
import org.segmentij.service.ModelService;
import org.segmentij.service.RoiSet;
import org.segmentij.service.SegmentIJ;

import com.google.gson.JsonObject;

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
 * Instance (or panoptic) segmentation with a Panoptic-DeepLab-style model (trained with
 * {@code --target panoptic}): the network's semantic logits, centre heatmap and offsets in tiles,
 * then {@link PanopticInstances} on each 2D plane (keypoint NMS on the heatmap, object pixels
 * grouped by their offsets). Gives a label image, or the panoptic image
 * ({@code class << 16 | instance}, background 0), and one ROI per object.
 */
@Plugin(type = Command.class, name = "panoptic-instances", label = "Panoptic Instances (Panoptic-DeepLab-style)", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Instance>Panoptic Instances (Panoptic-DeepLab-style)",
		description = "Objects from a Panoptic-DeepLab-style network (e.g. models/nuclei-panoptic): centres are the peaks of the predicted centre heatmap, every object pixel joins the centre its predicted offset points to. Output: instance labels (or panoptic ids class<<16|instance) and one ROI per object (--rois-out).")
public class PanopticInstancesCommand extends ImageCommand {

	@Parameter(label = "Model", description = "A panoptic model: name under models/ or path of a package trained with --target panoptic.")
	private String model = "nuclei-panoptic";

	@Parameter(label = "Output", choices = { "instances", "panoptic" }, description = "instances: labels 1..n; panoptic: class << 16 | instance (objects class 1, background 0), as ./segmentij eval --panoptic reads.")
	private String output_type = "instances";

	@Parameter(label = "Centre threshold", min = "0", max = "0.99", stepSize = "0.05", description = "Smallest heatmap value of an object centre.")
	private double centre_threshold = 0.3;

	@Parameter(label = "NMS radius (pixels)", min = "0", description = "A centre is the maximum of the heatmap within this radius (a (2r+1)² window).")
	private int nms_radius = 5;

	@Parameter(label = "Top k centres", min = "0", description = "Keep at most this many centres per plane, the strongest (0: all).")
	private int top_k = 0;

	@Parameter(label = "Minimum size (pixels)", min = "0", description = "Objects smaller than this are removed.")
	private long min_size = 10;

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" })
	private String device = "auto";

	@Parameter(label = "Tile size", min = "0", description = "0: the model's own.")
	private int tile = 0;

	@Parameter(type = ItemIO.OUTPUT, label = "ROIs")
	private RoiSet rois;

	public RoiSet getRois() {
		return rois;
	}

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public void run() {
		requireInput();
		if (!output_type.equals("instances") && !output_type.equals("panoptic"))
			throw new org.segmentij.UsageException("output_type must be instances or panoptic (got '" + output_type + "').");
		PanopticInstances.Params p = new PanopticInstances.Params(centre_threshold, nms_radius, top_k, min_size, 1);
		ModelService service = SegmentIJ.models();
		LoadedModel m = service.model(model, service.device(device));
		ModelPackage pkg = m.modelPackage();
		double scale = offsetScale(pkg);
		int k = pkg.classes.size() - 3;
		p = new PanopticInstances.Params(p.threshold(), p.radius(), p.topK(), p.minSize(), scale);
		AxisImage image = realImage(isRgb() && pkg.inputChannels == 3);
		AxisImage<IntType>[] res = segment(m, image, k, p);
		ij.ImagePlus labels = LabelImages.toImagePlus(res[0]);
		try {
			rois = new RoiSet(resultTitle("rois"), org.segmentij.ij1.LabelRois.toRois(labels));
		}
		catch (IllegalArgumentException e) {
			throw new InputException("Panoptic Instances: " + e.getMessage());
		}
		output = output_type.equals("panoptic") ? LabelImages.toImagePlus(res[1]) : labels;
	}

	/** The offset scale of a panoptic package (pixels per unit); an InputException for other models. */
	static double offsetScale(ModelPackage pkg) {
		JsonObject settings = pkg.training != null && pkg.training.has("panoptic") && pkg.training.get("panoptic").isJsonObject()
				? pkg.training.getAsJsonObject("panoptic") : null;
		if (!ModelPackage.TASK_PANOPTIC.equals(pkg.task) || settings == null || pkg.classes.size() < 5)
			throw new InputException("The model " + pkg.name + " is not a panoptic model (its task is '" + pkg.task + "', outputs "
					+ pkg.classes + "); Panoptic Instances needs one trained with --target panoptic, e.g. nuclei-panoptic"
					+ " (use Deep Instances for boundary models such as nuclei-unet).");
		double s = settings.has("offset_scale") ? settings.get("offset_scale").getAsDouble() : 1;
		if (!(s > 0))
			throw new InputException("The model " + pkg.name + " has an invalid offset_scale " + s + ".");
		return s;
	}

	@SuppressWarnings("unchecked")
	private <T extends RealType<T> & NativeType<T>> AxisImage<IntType>[] segment(LoadedModel m, AxisImage<T> image, int k,
			PanopticInstances.Params p) {
		AxisImage<FloatType> prob = m.probabilities(image, m.tiling(tile, -1, 2), "outputs");
		int c = prob.dimensionOf(Axis.C);
		long[] all = prob.data().dimensionsAsLongArray();
		long[] dims = new long[all.length - 1];
		for (int d = 0, j = 0; d < all.length; d++)
			if (d != c)
				dims[j++] = all[d];
		int w = (int) dims[0], h = (int) dims[1], n = w * h;
		Img<IntType> inst = ArrayImgs.ints(dims), pan = ArrayImgs.ints(dims);
		long planes = net.imglib2.util.Intervals.numElements(dims) / ((long) w * h);
		int channels = k + 3;
		float[] out = new float[channels * n];
		for (long q = 0; q < planes; q++) {
			for (int ch = 0; ch < channels; ch++) {
				Cursor<FloatType> cur = Views.flatIterable(DeepPlanes.plane(Views.hyperSlice(prob.data(), c, ch), q)).cursor();
				for (int i = ch * n; cur.hasNext(); i++)
					out[i] = cur.next().get();
			}
			PanopticInstances.Result r = PanopticInstances.group(out, k, w, h, p);
			int[] lab = r.instances(), cls = r.classes();
			Cursor<IntType> ci = Views.flatIterable(DeepPlanes.plane(inst, q)).cursor();
			Cursor<IntType> cp = Views.flatIterable(DeepPlanes.plane(pan, q)).cursor();
			for (int i = 0; i < n; i++) {
				ci.next().set(lab[i]);
				cp.next().set(lab[i] > 0 ? Panoptic.encode(cls[i], lab[i]) : 0);
			}
		}
		List<Axis> axes = new java.util.ArrayList<>(prob.axes());
		axes.remove(Axis.C);
		String name = m.modelPackage().name;
		return new AxisImage[] {
				new AxisImage<>(resultTitle(name + "-instances"), inst, axes, DeepPlanes.drop(prob.scale(), c), DeepPlanes.drop(prob.origin(), c),
						DeepPlanes.drop(prob.units(), c)),
				new AxisImage<>(resultTitle(name + "-panoptic"), pan, axes, DeepPlanes.drop(prob.scale(), c), DeepPlanes.drop(prob.origin(), c),
						DeepPlanes.drop(prob.units(), c)) };
	}
}
