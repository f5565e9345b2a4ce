package org.segmentij.deep.infer;

/**
 * Runs a network on a batch of raw (not normalised) tiles and gives per-class maps of the same
 * height and width (probabilities, or whatever the model's output activation gives). The DJL
 * implementation is {@link DjlTilePredictor}; tests may plug in plain Java functions.
 */
@FunctionalInterface
public interface TilePredictor {

	TileBatch predict(TileBatch input);
}
