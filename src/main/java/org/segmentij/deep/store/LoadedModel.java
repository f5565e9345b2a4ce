package org.segmentij.deep.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.segmentij.deep.infer.DjlTilePredictor;
import org.segmentij.deep.infer.Outputs;
import org.segmentij.deep.infer.SegmentationTranslator;
import org.segmentij.deep.infer.TileBatch;
import org.segmentij.deep.infer.TiledInference;
import org.segmentij.deep.infer.TilePredictor;
import org.segmentij.deep.infer.Tiling;
import org.segmentij.image.AxisImage;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.translate.Translator;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * A model package loaded onto a device: the DJL model, and one predictor per thread (DJL
 * predictors are not thread-safe), all closed with the model.
 */
public final class LoadedModel implements AutoCloseable {

	private final ModelPackage pkg;
	private final Model model;
	private final Device device;
	private final Supplier<Translator<TileBatch, TileBatch>> translators;
	private final Map<Thread, Predictor<TileBatch, TileBatch>> predictors = new ConcurrentHashMap<>();
	private volatile boolean closed;

	public LoadedModel(ModelPackage pkg, Model model, Device device, Supplier<Translator<TileBatch, TileBatch>> translators) {
		this.pkg = pkg;
		this.model = model;
		this.device = device;
		this.translators = translators;
	}

	/** Loads a SegmentIJ package (DJL or TorchScript weights) with its translator. */
	public static LoadedModel load(ModelPackage pkg, Device device) {
		Model m = ModelStore.load(pkg, device);
		return new LoadedModel(pkg, m, device, () -> new SegmentationTranslator(pkg.activation));
	}

	public ModelPackage modelPackage() {
		return pkg;
	}

	public Model model() {
		return model;
	}

	public Device device() {
		return device;
	}

	/** The calling thread's predictor (created on first use). */
	public TilePredictor predictor() {
		if (closed)
			throw new IllegalStateException("model " + pkg.name + " was closed");
		Thread me = Thread.currentThread();
		Predictor<TileBatch, TileBatch> p = predictors.get(me);
		if (p == null) {
			releaseEnded();
			p = predictors.computeIfAbsent(me, t -> model.newPredictor(translators.get(), device));
		}
		return new DjlTilePredictor(p);
	}

	/**
	 * Closes the predictors of threads that have ended (a batch's worker pool is gone after each
	 * batch): without this every batch would leave its predictors, and their native memory, until
	 * the model is closed.
	 */
	private void releaseEnded() {
		predictors.entrySet().removeIf(e -> {
			if (e.getKey().isAlive())
				return false;
			e.getValue().close();
			return true;
		});
	}

	/** Predictors held now (one per thread that used the model and has not ended, or not yet been swept). */
	public int predictorCount() {
		return predictors.size();
	}

	/** Tiling from the package's tile and halo, overridden where the arguments are > 0 (halo >= 0). */
	public Tiling tiling(int tile, int halo, int batch) {
		int t = tile > 0 ? tile : pkg.tile;
		int h = halo >= 0 ? halo : pkg.halo;
		return Tiling.of(t, h, Math.max(1, batch));
	}

	/** Per-class probability maps (32-bit; C axis = classes when more than one). */
	public <T extends RealType<T> & NativeType<T>> AxisImage<FloatType> probabilities(AxisImage<T> image, Tiling tiling, String title) {
		ModelStore.checkFits(pkg, image);
		Outputs.Probabilities out = new Outputs.Probabilities(image, pkg.classes.size(), title);
		new TiledInference(predictor(), pkg.sizeMultiple, tiling).run(image, pkg.inputChannels, pkg.classes.size(),
				pkg.normalization, out);
		return out.image();
	}

	/** The most probable class per pixel (0 = first class). */
	public <T extends RealType<T> & NativeType<T>> AxisImage<IntType> labels(AxisImage<T> image, Tiling tiling, String title) {
		ModelStore.checkFits(pkg, image);
		Outputs.Labels out = new Outputs.Labels(image, pkg.classes.size(), title);
		new TiledInference(predictor(), pkg.sizeMultiple, tiling).run(image, pkg.inputChannels, pkg.classes.size(),
				pkg.normalization, out);
		return out.image();
	}

	public boolean isClosed() {
		return closed;
	}

	@Override
	public synchronized void close() {
		if (closed)
			return;
		closed = true;
		predictors.values().forEach(Predictor::close);
		predictors.clear();
		model.close();
	}
}
