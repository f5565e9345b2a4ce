package org.segmentij.deep.train;

import java.util.List;

import org.segmentij.UsageException;
import org.segmentij.deep.losses.StarDistLoss;
import org.segmentij.instance.StarConvex;
import org.segmentij.metrics.InstanceMatching;

import com.google.gson.JsonObject;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import net.imglib2.img.array.ArrayImgs;

/**
 * Training of star-convex polygon networks ({@link TargetMode#STARDIST}, Schmidt et al. 2018):
 * the network has 1 + n output channels, the logit of the object probability and n radial
 * distances (in units of {@link #DISTANCE_SCALE} pixels). Samples keep their instance labels
 * through the augmentation (flips, rotations and the elastic deformation move the labels with the
 * image, nearest pixel), and the targets are computed from the augmented crop's labels by
 * {@link StarConvex#targets}: so they are exactly the targets of what the network sees (a crop's
 * edge ends the objects it cuts, as in StarDist). Loss: {@link StarDistLoss}. Validation: the
 * loss, and AP@0.5 (TP / (TP + FP + FN), IoU &gt; 0.5) and the mean IoU of the matched objects over
 * all validation images after the polygon NMS at {@link #VAL_PROB_THRESHOLD} /
 * {@link #VAL_NMS_THRESHOLD}; the history's {@code val_iou} column holds the AP@0.5 and
 * {@code val_dice} the mean matched IoU.
 */
public final class StarDistTraining {

	/** Rays unless --rays says otherwise. */
	public static final int DEFAULT_RAYS = 32;
	/** The network's distance outputs are distances / this (pixels). */
	public static final double DISTANCE_SCALE = 16;
	/** Thresholds of the validation metric's suppression. */
	public static final double VAL_PROB_THRESHOLD = 0.5, VAL_NMS_THRESHOLD = 0.4;
	/** Validation images with more candidate pixels than this fraction count as nothing found (untrained networks). */
	static final double MAX_CANDIDATE_FRACTION = 0.3;
	/**
	 * ... or whose candidates' bounding squares (side twice the longest ray) sum to more than this
	 * many times the image (a trained network on crowded nuclei: below 100).
	 */
	static final double MAX_BOX_COVER = 400;
	/**
	 * Thresholds written into a new package, StarDist's usual values; the command uses the
	 * package's (re-tune them for a model on generated or validation images with
	 * {@code org.segmentij.bench.StarDistTune} and edit model.json).
	 */
	public static final double DEFAULT_PROB_THRESHOLD = 0.5, DEFAULT_NMS_THRESHOLD = 0.4;

	private StarDistTraining() {
	}

	/** Output channels of a network with {@code rays} rays. */
	public static int classes(int rays) {
		if (rays < 3 || rays > 256)
			throw new UsageException("rays must be 3..256 (got " + rays + "); e.g. --rays 32.");
		return 1 + rays;
	}

	/** Rays of a network with {@code classes} outputs. */
	public static int rays(int classes) {
		return classes - 1;
	}

	/**
	 * The (1 + rays) x h x w target of a crop whose target holds instance labels ({@link Sample#IGNORE}
	 * outside the image): channel 0 the probability target (-1 where ignored), then the distances.
	 */
	public static float[] target(Sample s, int rays) {
		int w = s.width(), h = s.height(), plane = w * h;
		int[] lab = s.target().clone();
		for (int i = 0; i < plane; i++)
			if (lab[i] < 0)
				lab[i] = 0;
		StarConvex.Targets t = StarConvex.targets(lab, w, h, rays);
		float[] out = new float[(1 + rays) * plane];
		for (int i = 0; i < plane; i++) {
			out[i] = s.target()[i] < 0 ? -1f : t.prob()[i];
			for (int k = 0; k < rays; k++)
				out[(1 + k) * plane + i] = t.dist()[i * rays + k];
		}
		return out;
	}

	/** The targets of a batch of crops as an (N, 1 + rays, h, w) array. */
	public static NDArray batchTarget(NDManager m, Sample[] crops, int rays) {
		int w = crops[0].width(), h = crops[0].height(), per = (1 + rays) * w * h;
		float[] y = new float[crops.length * per];
		for (int k = 0; k < crops.length; k++)
			System.arraycopy(target(crops[k], rays), 0, y, k * per, per);
		return m.create(y, new Shape(crops.length, 1 + rays, h, w));
	}

	/** The probability (sigmoid of channel 0) and the distances (rays last, in pixels) of raw outputs (1 + n) x h x w. */
	public static float[][] decode(float[] raw, int w, int h, int rays, double scale) {
		int plane = w * h;
		float[] prob = new float[plane], dist = new float[plane * rays];
		for (int i = 0; i < plane; i++) {
			prob[i] = (float) (1 / (1 + Math.exp(-raw[i])));
			for (int k = 0; k < rays; k++)
				dist[i * rays + k] = (float) Math.max(0, scale * raw[(1 + k) * plane + i]);
		}
		return new float[][] { prob, dist };
	}

	/**
	 * Validation over whole images (reflect-padded to the size multiple): {mean loss, AP@0.5,
	 * mean matched IoU}, NaN without validation images.
	 */
	static double[] validate(ai.djl.training.Trainer trainer, List<Sample> val, StarDistLoss loss, int rays, int multiple) {
		if (val.isEmpty())
			return new double[] { Double.NaN, Double.NaN, Double.NaN };
		double lossSum = 0, iouSum = 0;
		int tp = 0, fp = 0, fn = 0;
		for (Sample s : val) {
			int w = s.width(), h = s.height(), c = s.channels();
			Sample padded = s.paddedTo(multiple);
			int pw = padded.width(), ph = padded.height();
			float[] x = padded.image();
			try (NDManager m = trainer.getManager().newSubManager()) {
				NDArray out = trainer.evaluate(new NDList(m.create(x, new Shape(1, c, ph, pw)))).head();
				lossSum += loss.compute(out, batchTarget(m, new Sample[] { padded }, rays)).getFloat();
				float[] raw = out.toFloatArray();
				// crop the prediction back to the image
				int plane = w * h, pplane = pw * ph;
				float[] crop = new float[(1 + rays) * plane];
				for (int k = 0; k <= rays; k++)
					for (int yy = 0; yy < h; yy++)
						System.arraycopy(raw, k * pplane + yy * pw, crop, k * plane + yy * w, w);
				float[][] pd = decode(crop, w, h, rays, loss.scale());
				int candidates = 0;
				double boxes = 0;
				for (int i = 0; i < w * h; i++)
					if (pd[0][i] > VAL_PROB_THRESHOLD) {
						candidates++;
						float r = 0;
						for (int k = 0; k < rays; k++)
							r = Math.max(r, pd[1][i * rays + k]);
						boxes += 4.0 * r * r;
					}
				// an untrained network proposes polygons almost everywhere, or huge ones, which the
				// suppression would take minutes to sort out: such an image counts as nothing found
				int[] found = candidates > MAX_CANDIDATE_FRACTION * w * h || boxes > MAX_BOX_COVER * w * h ? new int[w * h]
						: StarConvex.nms(pd[0], pd[1], w, h, rays, VAL_PROB_THRESHOLD, VAL_NMS_THRESHOLD).labels();
				InstanceMatching.Result res = InstanceMatching.match(ArrayImgs.ints(found, w, h), ArrayImgs.ints(s.target().clone(), w, h),
						0.5);
				tp += res.tp();
				fp += res.fp();
				fn += res.fn();
				iouSum += res.sumMatchedIou();
			}
		}
		double ap = tp + fp + fn == 0 ? 1 : (double) tp / (tp + fp + fn);
		return new double[] { lossSum / val.size(), ap, tp == 0 ? 0 : iouSum / tp };
	}

	/** The settings a stardist model package carries (model.json "stardist"). */
	public static JsonObject settings(int rays, double scale, double probThreshold, double nmsThreshold) {
		JsonObject o = new JsonObject();
		o.addProperty("rays", rays);
		o.addProperty("distance_scale", scale);
		o.addProperty("prob_threshold", probThreshold);
		o.addProperty("nms_threshold", nmsThreshold);
		return o;
	}

}
