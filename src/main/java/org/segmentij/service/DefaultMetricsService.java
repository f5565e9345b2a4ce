package org.segmentij.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.Service;
import org.segmentij.InputException;
import org.segmentij.classical.region.ConnectedComponents;
import org.segmentij.image.AxisImage;
import org.segmentij.image.ImagePlusAdapter;
import org.segmentij.image.LabelImages;
import org.segmentij.metrics.ConfusionMatrix;
import org.segmentij.metrics.GroundTruth;
import org.segmentij.metrics.InstanceMatching;
import org.segmentij.metrics.OverlapTable;
import org.segmentij.metrics.Panoptic;
import org.segmentij.metrics.PartitionMetrics;
import org.segmentij.metrics.RoiGroundTruth;
import org.segmentij.metrics.SemanticMetrics;
import org.segmentij.metrics.SurfaceMetrics;

import ij.ImagePlus;
import ij.gui.Roi;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

/** Default {@link MetricsService}: every metric from one overlap table and one pair of distance transforms. */
@Plugin(type = Service.class)
public class DefaultMetricsService extends AbstractService implements MetricsService {

	@Override
	public Evaluation evaluate(ImagePlus prediction, ImagePlus truth, EvaluationOptions options) {
		if (prediction == null || truth == null)
			throw new InputException("Give both a prediction and a ground truth image.");
		try {
			GroundTruth.checkCompatible(prediction, truth);
		}
		catch (IllegalArgumentException e) {
			throw new InputException(e.getMessage(), e);
		}
		boolean truthCalibrated = truth.getCalibration().scaled();
		return evaluate(prediction.getTitle(), labels(prediction, "prediction"), labels(truth, "ground truth"),
				spacing(truthCalibrated ? truth : prediction), options);
	}

	@Override
	public Evaluation evaluate(ImagePlus prediction, List<Roi> truth, EvaluationOptions options) {
		if (prediction == null)
			throw new InputException("Give a prediction image.");
		if (truth == null || truth.isEmpty())
			throw new InputException("The ground-truth ROI set is empty; draw ROIs (ROI Manager) or give a .zip of ROIs.");
		RoiGroundTruth.Result r;
		try {
			r = RoiGroundTruth.toLabels(truth, prediction.getWidth(), prediction.getHeight(), prediction.getNSlices(),
					options.overlap(), options.classSource());
		}
		catch (IllegalArgumentException e) {
			throw new InputException(e.getMessage(), e);
		}
		Img<IntType> t = options.classes() > 0 && r.classes() != null ? r.classes() : r.labels();
		Evaluation e = evaluate(prediction.getTitle(), labels(prediction, "prediction"), t, spacing(prediction), options);
		e.summary().put("roi_count", truth.size());
		e.summary().put("roi_overlap_pixels", r.overlapPixels());
		return e;
	}

	@Override
	public Evaluation evaluatePartitions(ImagePlus prediction, List<ImagePlus> truths) {
		if (prediction == null || truths == null || truths.isEmpty())
			throw new InputException("Give a prediction and at least one ground-truth segmentation.");
		RandomAccessibleInterval<IntType> p = labels(prediction, "prediction");
		List<OverlapTable> tables = new ArrayList<>();
		for (ImagePlus t : truths) {
			try {
				GroundTruth.checkCompatible(prediction, t);
			}
			catch (IllegalArgumentException e) {
				throw new InputException(e.getMessage(), e);
			}
			tables.add(OverlapTable.of(p, labels(t, "ground truth")));
		}
		Map<String, Object> s = new LinkedHashMap<>();
		s.put("truths", truths.size());
		s.put("probabilistic_rand_index", PartitionMetrics.probabilisticRandIndex(tables, false));
		PartitionMetrics.Covering c = PartitionMetrics.segmentationCovering(tables, false);
		s.put("covering_pooled", c.pooled());
		s.put("covering_best", c.best());
		double vi = 0;
		for (OverlapTable t : tables)
			vi += PartitionMetrics.variationOfInformation(t, false).total();
		s.put("mean_vi", vi / tables.size());
		List<Map<String, Object>> rows = new ArrayList<>();
		for (int i = 0; i < tables.size(); i++) {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("truth", i + 1);
			row.put("covering", c.perTruth()[i]);
			row.put("rand_index", PartitionMetrics.randIndex(tables.get(i), false));
			rows.add(row);
		}
		return new Evaluation(prediction.getTitle(), s, rows, List.of());
	}

	@Override
	public Evaluation evaluate(String name, RandomAccessibleInterval<IntType> prediction, RandomAccessibleInterval<IntType> truth,
			double[] spacing, EvaluationOptions o) {
		long[] pd = prediction.dimensionsAsLongArray(), td = truth.dimensionsAsLongArray();
		if (!java.util.Arrays.equals(pd, td))
			throw new InputException("Prediction " + name + " is " + dims(pd) + " but the ground truth is " + dims(td)
					+ "; they must have the same size.");
		RandomAccessibleInterval<IntType> p = Views.zeroMin(prediction), t = Views.zeroMin(truth);
		Map<String, Object> s = new LinkedHashMap<>();
		List<Map<String, Object>> classRows = new ArrayList<>();
		List<InstanceMatching.ObjectMatch> objects = List.of();
		OverlapTable table = null;

		if (o.panoptic()) {
			Panoptic.Result r = Panoptic.evaluate(p, t, o.ignoreClass() < 0 ? Panoptic.NO_VOID : o.ignoreClass());
			s.put("pq", r.pq());
			s.put("sq", r.sq());
			s.put("rq", r.rq());
			s.put("pq_things", r.pqThings());
			s.put("pq_stuff", r.pqStuff());
			for (Panoptic.ClassScore c : r.classes()) {
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("class", c.classId());
				row.put("pq", c.pq());
				row.put("sq", c.sq());
				row.put("rq", c.rq());
				row.put("tp", c.tp());
				row.put("fp", c.fp());
				row.put("fn", c.fn());
				classRows.add(row);
			}
		}
		else if (o.classes() > 0) {
			ConfusionMatrix cm = ConfusionMatrix.compute(p, t, o.classes(), o.ignoreClass() < 0 ? ConfusionMatrix.NO_IGNORE : o.ignoreClass());
			s.put("pixel_accuracy", cm.pixelAccuracy());
			s.put("mean_iou", cm.meanIou());
			s.put("mean_dice", cm.meanDice());
			for (int c = 0; c < cm.numClasses(); c++) {
				if (cm.isIgnored(c))
					continue;
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("class", c);
				row.put("iou", cm.iou(c));
				row.put("dice", cm.dice(c));
				row.put("precision", cm.precision(c));
				row.put("recall", cm.recall(c));
				row.put("specificity", cm.specificity(c));
				row.put("truth_pixels", cm.truthCount(c));
				row.put("predicted_pixels", cm.predictionCount(c));
				classRows.add(row);
			}
		}
		else {
			table = OverlapTable.of(p, t);
			SemanticMetrics.Binary b = binary(table);
			s.put("pixel_accuracy", b.accuracy());
			s.put("iou", b.iou());
			s.put("dice", b.dice());
			s.put("precision", b.precision());
			s.put("recall", b.recall());
			s.put("specificity", b.specificity());
			s.put("pred_fg_fraction", (b.tp() + b.fp()) / (double) b.total());
			s.put("gt_fg_fraction", (b.tp() + b.fn()) / (double) b.total());
		}

		if (o.surface()) {
			SurfaceMetrics.Distances d = SurfaceMetrics.distances(p, t, spacing);
			String tol = String.format(Locale.ROOT, "@%s", org.segmentij.params.ParameterParser.format(o.tolerance()));
			s.put("hausdorff", d.hausdorff());
			s.put("hd95", d.hd95());
			s.put("assd", d.assd());
			s.put("surface_dice" + tol, d.surfaceDice(o.tolerance()));
			SurfaceMetrics.BoundaryScore bs = d.boundaryScore(o.tolerance());
			s.put("boundary_precision" + tol, bs.precision());
			s.put("boundary_recall" + tol, bs.recall());
			s.put("boundary_f1" + tol, bs.f1());
		}

		if (o.instances() || o.partitions()) {
			if (table == null)
				table = OverlapTable.of(p, t);
			boolean pMask = isMask(table.predictionLabels()), tMask = isMask(table.truthLabels());
			if (pMask || tMask) {
				RandomAccessibleInterval<IntType> pi = p, ti = t;
				if (pMask) {
					pi = ConnectedComponents.label(p, ConnectedComponents.Connectivity.FULL);
					s.put("prediction_note", "binary mask labelled by connected components (8/26-connected)");
				}
				if (tMask) {
					ti = ConnectedComponents.label(t, ConnectedComponents.Connectivity.FULL);
					s.put("truth_note", "binary mask labelled by connected components (8/26-connected)");
				}
				table = OverlapTable.of(pi, ti);
			}
			if (o.instances()) {
				InstanceMatching.Evaluation ev = InstanceMatching.evaluate(table);
				s.put("n_gt", ev.nTrue());
				s.put("n_pred", ev.nPred());
				for (InstanceMatching.Result r : ev.results(o.thresholds())) {
					String at = String.format(Locale.ROOT, "@%.2f", r.threshold());
					s.put("tp" + at, r.tp());
					s.put("fp" + at, r.fp());
					s.put("fn" + at, r.fn());
					s.put("precision" + at, r.precision());
					s.put("recall" + at, r.recall());
					s.put("f1" + at, r.f1());
					s.put("ap" + at, r.ap());
					s.put("mean_matched_iou" + at, r.meanMatchedIou());
					s.put("mean_true_iou" + at, r.meanTrueIou());
					s.put("pq" + at, r.panopticQuality());
				}
				s.put("ap_50_95", ev.meanAp());
				if (o.perObject())
					objects = ev.objects(0.5);
			}
			if (o.partitions()) {
				s.put("rand_index", PartitionMetrics.randIndex(table, false));
				s.put("adapted_rand_error", PartitionMetrics.adaptedRand(table).error());
				PartitionMetrics.VariationOfInformation vi = PartitionMetrics.variationOfInformation(table, false);
				s.put("vi_split", vi.split());
				s.put("vi_merge", vi.merge());
				s.put("covering", PartitionMetrics.segmentationCovering(table, false));
			}
		}
		return new Evaluation(name, s, classRows, objects);
	}

	/** An ImageJ mask: its only nonzero value is 255. */
	private static boolean isMask(int[] labels) {
		boolean any = false;
		for (int l : labels) {
			if (l != 0 && l != 255)
				return false;
			any |= l == 255;
		}
		return any;
	}

	/** Foreground (nonzero) agreement from the overlap table, without another pass over the pixels. */
	private static SemanticMetrics.Binary binary(OverlapTable table) {
		long tp = 0, predFg = 0, truthFg = 0;
		for (int k = 0; k < table.cellCount(); k++)
			if (table.cellTruth(k) != 0 && table.cellPrediction(k) != 0)
				tp += table.cellOverlap(k);
		for (int l : table.predictionLabels())
			if (l != 0)
				predFg += table.predictionArea(l);
		for (int l : table.truthLabels())
			if (l != 0)
				truthFg += table.truthArea(l);
		long fp = predFg - tp, fn = truthFg - tp;
		return new SemanticMetrics.Binary(tp, fp, fn, table.pixelCount() - tp - fp - fn);
	}

	private static RandomAccessibleInterval<IntType> labels(ImagePlus imp, String what) {
		if (imp.getType() == ImagePlus.COLOR_RGB)
			throw new InputException("The " + what + " " + imp.getTitle() + " is RGB; give a mask, class mask or label image (8, 16 or 32-bit).");
		if (imp.getNChannels() > 1 || imp.getNFrames() > 1)
			throw new InputException("The " + what + " " + imp.getTitle() + " has " + imp.getNChannels() + " channels and "
					+ imp.getNFrames() + " frames; evaluate one channel and frame at a time (Image > Duplicate...).");
		try {
			return LabelImages.fromImagePlus(imp);
		}
		catch (IllegalArgumentException e) {
			throw new InputException("The " + what + " " + imp.getTitle() + ": " + e.getMessage(), e);
		}
	}

	/** Pixel sizes along X, Y (and Z) in calibrated units. */
	static double[] spacing(ImagePlus imp) {
		AxisImage<?> a = ImagePlusAdapter.wrap(imp);
		double[] scale = a.scale();
		List<Double> s = new ArrayList<>();
		for (int d = 0; d < a.axes().size(); d++)
			if (a.axes().get(d).isSpatial())
				s.add(scale[d] > 0 ? scale[d] : 1);
		double[] out = new double[s.size()];
		for (int i = 0; i < out.length; i++)
			out[i] = s.get(i);
		return out;
	}

	private static String dims(long[] d) {
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < d.length; i++)
			sb.append(i > 0 ? "x" : "").append(d[i]);
		return sb.toString();
	}

}
