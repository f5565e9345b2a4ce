package org.segmentij.deep.prompt;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * A promptable segmenter (Segment Anything style): an image is encoded once, then each prompt
 * (points, box, and optionally the previous mask of the same object) is decoded into the mask
 * probability of one object. Implementations: our own trained network (model packages with
 * {@code "task": "prompt"}) and SAM-family TorchScript exports (an encoder and a decoder file).
 * Implementations are safe to call from several threads.
 */
public interface PromptableModel extends AutoCloseable {

	/** The model's name (package or folder name). */
	String name();

	/** Encodes one 2D image (X, Y); the result is what an interactive session caches. */
	Embedding encode(RandomAccessibleInterval<? extends RealType<?>> image);

	/**
	 * The probability (0..1) that each pixel belongs to the prompted object, same size as the
	 * encoded image.
	 *
	 * @param previous the previous probability map of the same object (a refining click), or null
	 */
	Img<FloatType> predict(Embedding embedding, Prompt prompt, RandomAccessibleInterval<FloatType> previous);

	@Override
	void close();

	/** What {@link #encode} returns: opaque to callers apart from the image size. */
	interface Embedding {
		long width();

		long height();
	}
}
