package org.segmentij.service;

import java.util.List;

import org.scijava.service.SciJavaService;

import ij.ImagePlus;
import ij.gui.Roi;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.integer.IntType;

/**
 * Evaluates segmentations against ground truth given as masks, multi-class masks, label images
 * or ImageJ ROIs. Used by the Evaluate commands, the command line's {@code eval}, training
 * validation and the benchmarks. Prediction and truth are checked for size, calibration and
 * type first.
 */
public interface MetricsService extends SciJavaService {

	/** Prediction and truth as ImageJ images (masks, class masks or label images). */
	Evaluation evaluate(ImagePlus prediction, ImagePlus truth, EvaluationOptions options);

	/** Truth drawn as ROIs: one label per ROI, rasterised at the prediction's size. */
	Evaluation evaluate(ImagePlus prediction, List<Roi> truth, EvaluationOptions options);

	/**
	 * Partition agreement with several human segmentations of one image (BSDS style): the
	 * probabilistic Rand index and segmentation covering (pooled as BSDS500 does, best, and
	 * per truth), plus the mean over truths of the variation of information.
	 */
	Evaluation evaluatePartitions(ImagePlus prediction, List<ImagePlus> truths);

	/** Label images (0 = background) with the pixel spacing used for distances. */
	Evaluation evaluate(String name, RandomAccessibleInterval<IntType> prediction, RandomAccessibleInterval<IntType> truth,
			double[] spacing, EvaluationOptions options);
}
