package org.segmentij.deep.infer;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;

/** A {@link TilePredictor} over a DJL predictor built with a {@link SegmentationTranslator}. */
public final class DjlTilePredictor implements TilePredictor {

	private final Predictor<TileBatch, TileBatch> predictor;

	public DjlTilePredictor(Predictor<TileBatch, TileBatch> predictor) {
		this.predictor = predictor;
	}

	@Override
	public TileBatch predict(TileBatch input) {
		try {
			return predictor.predict(input);
		}
		catch (TranslateException e) {
			throw new IllegalStateException("The network failed on a batch of shape " + input + ": " + e.getMessage(), e);
		}
	}
}
