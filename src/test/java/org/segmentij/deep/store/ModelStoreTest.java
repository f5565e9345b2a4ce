package org.segmentij.deep.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segmentij.InputException;
import org.segmentij.deep.infer.Activation;
import org.segmentij.deep.infer.Normalization;
import org.segmentij.deep.nets.NetConfig;
import org.segmentij.deep.nets.Networks;
import org.segmentij.deep.nets.SegmentationNetwork;
import org.segmentij.image.Axis;
import org.segmentij.image.AxisImage;

import com.google.gson.JsonObject;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import net.imglib2.img.array.ArrayImgs;

class ModelStoreTest {

	@TempDir
	Path tmp;

	/** A tiny U-Net package (1 channel, 2 classes) saved under dir; returns the model (caller closes). */
	static Model tinyUnet(int seed) {
		NetConfig cfg = NetConfig.builder().inChannels(1).classes(2).depth(1).base(4).build();
		SegmentationNetwork net = Networks.create("unet", cfg);
		Engine.getEngine("PyTorch").setRandomSeed(seed);
		Model m = Model.newInstance("tiny-unet", Device.cpu(), "PyTorch");
		m.setBlock(net);
		net.initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 16, 16));
		return m;
	}

	static ModelPackage meta(Model m) {
		SegmentationNetwork net = (SegmentationNetwork) m.getBlock();
		JsonObject training = new JsonObject();
		training.addProperty("images", 3);
		JsonObject val = new JsonObject();
		val.addProperty("mean_iou", 0.5);
		return ModelPackage.builder().name("tiny-unet").description("test").architecture("unet")
				.config(net.config().toOptions()).classes(List.of("background", "nucleus")).inputChannels(1)
				.sizeMultiple(net.inputMultiple()).tile(64).halo(8).normalization(Normalization.percentile(2, 99.5))
				.activation(Activation.SOFTMAX).training(training).validation(val).build();
	}

	static float[] forward(Model m, float[] x, int h, int w) {
		try (NDManager nm = m.getNDManager().newSubManager()) {
			NDArray in = nm.create(x, new Shape(1, 1, h, w));
			return m.getBlock().forward(new ParameterStore(nm, false), new NDList(in), false).head().toFloatArray();
		}
	}

	@Test
	void theShippedModelIsListedAmongTheAvailableOnes() {
		// tests run in the project folder, whose models/ holds the shipped package
		assertTrue(ModelStore.available().contains("nuclei-unet"), ModelStore.available().toString());
		assertEquals("nuclei-unet", ModelStore.read("nuclei-unet").name);
	}

	@Test
	void savedPackageReadsBackAndPredictsTheSame() throws Exception {
		Path dir = tmp.resolve("models").resolve("tiny-unet");
		float[] x = new float[32 * 24];
		Random r = new Random(2);
		for (int i = 0; i < x.length; i++)
			x[i] = (float) r.nextGaussian();
		float[] before;
		ModelPackage saved;
		try (Model m = tinyUnet(7)) {
			before = forward(m, x, 24, 32);
			saved = ModelStore.save(m, meta(m), dir);
		}
		assertTrue(Files.isRegularFile(dir.resolve("model.json")));
		assertTrue(Files.isRegularFile(dir.resolve("model-0000.params")));
		ModelPackage p = ModelStore.read(dir.toString());
		assertEquals("unet", p.architecture);
		assertEquals(List.of("background", "nucleus"), p.classes);
		assertEquals(Normalization.percentile(2, 99.5), p.normalization);
		assertEquals(64, p.tile);
		assertEquals(8, p.halo);
		assertEquals(saved.config, p.config);
		assertEquals(0.5, p.validation.get("mean_iou").getAsDouble());
		assertEquals(Engine.getDjlVersion(), p.djlVersion);
		assertTrue(p.pytorchVersion.startsWith("2."));
		try (Model loaded = ModelStore.load(p, Device.cpu())) {
			assertArrayEquals(before, forward(loaded, x, 24, 32), 1e-6f);
		}
		// found by name in Fiji's models/ folder
		String old = System.getProperty("imagej.dir");
		System.setProperty("imagej.dir", tmp.toString());
		try {
			assertEquals(dir.toAbsolutePath(), ModelStore.resolve("tiny-unet"));
		}
		finally {
			if (old == null)
				System.clearProperty("imagej.dir");
			else
				System.setProperty("imagej.dir", old);
		}
		assertEquals(dir.toAbsolutePath(), ModelStore.resolve(dir.resolve("model.json").toString()));
	}

	private static void assertInput(String expectedFragment, org.junit.jupiter.api.function.Executable e) {
		InputException ex = assertThrows(InputException.class, e);
		assertTrue(ex.getMessage().contains(expectedFragment), ex.getMessage());
	}

	@Test
	void missingCorruptNewerOrUnfittingPackagesGiveClearInputErrors() throws Exception {
		Path dir = tmp.resolve("p");
		try (Model m = tinyUnet(1)) {
			ModelStore.save(m, meta(m), dir);
		}
		Path json = dir.resolve("model.json");
		String good = Files.readString(json);
		assertInput("No model named 'nope'", () -> ModelStore.resolve("nope"));
		assertInput("No model package at", () -> ModelStore.resolve(tmp.resolve("nothing/here").toString()));

		Files.writeString(json, good.replace("\"format_version\": 1", "\"format_version\": 99"));
		assertInput("update SegmentIJ", () -> ModelStore.read(dir));
		Files.writeString(json, good.substring(0, good.length() / 2));
		assertInput("not valid JSON", () -> ModelStore.read(dir));
		Files.writeString(json, good.replace("\"tiling\"", "\"tilling\""));
		assertInput("lacks the field 'tiling'", () -> ModelStore.read(dir));
		Files.writeString(json, good.replace("\"channels\": 1", "\"channels\": 3"));
		ModelPackage inconsistent = ModelStore.read(dir);
		assertInput("inconsistent", () -> ModelStore.load(inconsistent, Device.cpu()));
		Files.writeString(json, good);

		ModelPackage p = ModelStore.read(dir);
		AxisImage<?> rgb = AxisImage.of("three", ArrayImgs.floats(8, 8, 3), Axis.X, Axis.Y, Axis.C);
		assertInput("takes 1 channel(s) but 'three' has 3", () -> ModelStore.checkFits(p, rgb));

		Path w = dir.resolve("model-0000.params");
		byte[] bytes = Files.readAllBytes(w);
		Files.write(w, java.util.Arrays.copyOf(bytes, bytes.length / 3));
		assertInput("corrupt", () -> {
			try (Model bad = ModelStore.load(ModelStore.read(dir), Device.cpu())) {
				// not reached
			}
		});
		Files.delete(w);
		assertInput("lacks its weights file", () -> ModelStore.read(dir));
		Files.writeString(dir.resolve("model.json"), "[]", StandardCharsets.UTF_8);
		assertInput("not valid JSON", () -> ModelStore.read(dir));
	}
}
