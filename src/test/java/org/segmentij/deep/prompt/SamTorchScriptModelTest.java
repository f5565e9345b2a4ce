package org.segmentij.deep.prompt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segmentij.InputException;
import org.segmentij.deep.prompt.SamTorchScriptModel.DecoderInputs;
import org.segmentij.deep.prompt.SamTorchScriptModel.DecoderOutputs;
import org.segmentij.deep.prompt.SamTorchScriptModel.SamEmbedding;
import org.segmentij.deep.zoo.Npy;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.Device;
import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * The tiny SAM-signature pair written by scripts/make_sam_fixture.py (PyTorch 1.13) loads in DJL's
 * libtorch and reproduces the outputs PyTorch recorded; prompt encoding against hand-worked cases;
 * the errors for broken folders. Images and prompts are the script's.
 */
class SamTorchScriptModelTest {

	static SamTorchScriptModel model;

	@TempDir
	Path tmp;

	static Path fixture() throws Exception {
		return Path.of(SamTorchScriptModelTest.class.getResource("/sam/tiny/sam.json").toURI()).getParent();
	}

	@BeforeAll
	static void load() throws Exception {
		model = SamTorchScriptModel.load(fixture(), Device.cpu());
	}

	@AfterAll
	static void close() {
		model.close();
	}

	/** make_sam_fixture.py's image(): integer gray values, 0 at (0, 0) and 255 at (1, 0). */
	static int value(int x, int y) {
		if (y == 0 && x <= 1)
			return x == 0 ? 0 : 255;
		return (x * 7 + y * 13 + ((x * y) % 31) * 3) % 256;
	}

	static ArrayImg<UnsignedByteType, ByteArray> image(int w, int h) {
		byte[] b = new byte[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				b[y * w + x] = (byte) value(x, y);
		return ArrayImgs.unsignedBytes(b, w, h);
	}

	static float[] npy(String name) throws Exception {
		return Npy.read(fixture().resolve(name)).data();
	}

	static float[] values(Img<FloatType> img) {
		return ((ArrayImg<FloatType, FloatArray>) img).update(null).getCurrentStorageArray();
	}

	static double maxDiff(float[] a, float[] b) {
		assertEquals(a.length, b.length, "lengths");
		double m = 0;
		for (int i = 0; i < a.length; i++)
			m = Math.max(m, Math.abs(a[i] - b[i]));
		return m;
	}

	static Prompt promptA() {
		return new Prompt(List.of(new double[] { 30, 20 }), List.of(new double[] { 70, 40 }), null);
	}

	@Test
	void fixtureReproducesPyTorchsEmbeddingsAndMasks() throws Exception {
		assertEquals("tiny-sam", model.name());
		SamEmbedding e = model.encode(image(90, 60));
		assertEquals(90, e.width());
		assertEquals(60, e.height());
		assertArrayEquals(new long[] { 1, 8, 16, 16 }, e.shape());
		double d = maxDiff(e.values(), npy("emb_a.npy"));
		assertTrue(d < 1e-4, "embedding a: max |djl - pytorch| = " + d);

		Img<FloatType> a = model.predict(e, promptA(), null);
		assertArrayEquals(new long[] { 90, 60 }, a.dimensionsAsLongArray());
		d = maxDiff(values(a), npy("prob_a.npy"));
		assertTrue(d < 1e-4, "mask a: " + d);

		// a refining click: the previous map's own low-res logits go back in as mask_input
		Img<FloatType> a2 = model.predict(e, promptA().plus(50, 30, true), a);
		d = maxDiff(values(a2), npy("prob_a2.npy"));
		assertTrue(d < 1e-4, "mask a2: " + d);

		Img<FloatType> b = model.predict(e, Prompt.box(10, 5, 60, 45), null);
		d = maxDiff(values(b), npy("prob_b.npy"));
		assertTrue(d < 1e-4, "mask b: " + d);

		// a previous map SegmentIJ did not make: converted to logits in Java, in PyTorch by the script
		Img<FloatType> disc = ArrayImgs.floats(90, 60);
		Cursor<FloatType> c = disc.localizingCursor();
		while (c.hasNext()) {
			c.fwd();
			double r = Math.hypot(c.getDoublePosition(0) - 45, c.getDoublePosition(1) - 30);
			c.get().set((float) (1 / (1 + Math.exp((r - 20) / 2))));
		}
		Img<FloatType> pd = model.predict(e, Prompt.point(45, 30), disc);
		d = maxDiff(values(pd), npy("prob_d.npy"));
		assertTrue(d < 1e-4, "mask d: " + d);

		// a downscaled image (antialiased resize)
		d = maxDiff(model.encode(image(300, 200)).values(), npy("emb_c.npy"));
		assertTrue(d < 1e-4, "embedding c: " + d);
	}

	@Test
	void bestMaskIsTheOneWithTheHighestPredictedIou() throws Exception {
		SamEmbedding e = model.encode(image(90, 60));
		DecoderOutputs out = model.decode(e, model.decoderInputs(e, promptA(), null));
		float[] iou = npy("iou_a.npy");
		assertTrue(maxDiff(out.iou(), iou) < 1e-5);
		int best = 0;
		for (int k = 1; k < iou.length; k++)
			if (iou[k] > iou[best])
				best = k;
		assertEquals(best, out.best());
		assertTrue(best != 0, "the fixture's best mask is not the first one, so the choice is tested");
		float[] logits = out.masks()[best], prob = values(model.predict(e, promptA(), null));
		for (int i = 0; i < prob.length; i += 37)
			assertEquals(1 / (1 + Math.exp(-logits[i])), prob[i], 1e-6);
	}

	@Test
	void samsMaskSelectionRuleKeepsMaskZeroOnceThereAreThreeDecoderPoints() throws Exception {
		float[][] none = new float[3][0];
		DecoderOutputs o = new DecoderOutputs(none, 0, 0, new float[] { 0.9f, 0.2f, 0.5f }, none);
		assertEquals(0, o.choose(SamConfig.MaskSelection.BEST_IOU, 2));
		assertEquals(2, o.choose(SamConfig.MaskSelection.SAM, 2), "one click + padding point: best of masks 1..K-1");
		assertEquals(0, o.choose(SamConfig.MaskSelection.SAM, 3), "two clicks + padding point: mask 0");
		o = new DecoderOutputs(none, 0, 0, new float[] { 0.1f, 0.2f, 0.5f }, none);
		assertEquals(2, o.choose(SamConfig.MaskSelection.BEST_IOU, 4));
		assertEquals(0, o.choose(SamConfig.MaskSelection.SAM, 4));
		// end to end: the fixture with mask_selection "sam" keeps mask 0 for case a (3 decoder points)
		Path d = copy();
		JsonObject j = json(d);
		j.addProperty("mask_selection", "sam");
		write(d, j);
		try (SamTorchScriptModel sam = SamTorchScriptModel.load(d, Device.cpu())) {
			SamEmbedding e = sam.encode(image(90, 60));
			DecoderOutputs out = sam.decode(e, sam.decoderInputs(e, promptA(), null));
			float[] prob = values(sam.predict(e, promptA(), null));
			assertTrue(out.best() != 0);
			for (int i = 0; i < prob.length; i += 29)
				assertEquals(1 / (1 + Math.exp(-out.masks()[0][i])), prob[i], 1e-6);
		}
	}

	@Test
	void javaUpscalingOfLowResLogitsEqualsSamsPostprocessingInTheDecoder() throws Exception {
		for (int[] size : new int[][] { { 90, 60 }, { 41, 77 }, { 300, 200 } }) {
			SamEmbedding e = model.encode(image(size[0], size[1]));
			DecoderOutputs out = model.decode(e, model.decoderInputs(e, Prompt.point(size[0] / 3.0, size[1] / 2.0), null));
			assertEquals(size[0], out.maskW());
			assertEquals(size[1], out.maskH());
			for (int k = 0; k < out.iou().length; k++) {
				double d = maxDiff(model.upscale(e, out.lowRes()[k]), out.masks()[k]);
				assertTrue(d < 1e-4, size[0] + "x" + size[1] + " mask " + k + ": " + d);
			}
		}
	}

	@Test
	void promptCoordinatesAreMappedIntoTheResizedFrame() {
		// 200 x 100 -> longest side 256: 256 x 128, scale 1.28 on both axes
		SamEmbedding wide = model.encode(ArrayImgs.unsignedBytes(200, 100));
		assertEquals(256, wide.resizedWidth());
		assertEquals(128, wide.resizedHeight());
		DecoderInputs in = model.decoderInputs(wide,
				new Prompt(List.of(new double[] { 100, 50 }, new double[] { 199, 99 }), List.of(new double[] { 0.5, 10 }), null), null);
		assertArrayEquals(new float[] { 128, 64, 254.72f, 126.72f, 0.64f, 12.8f, 0, 0 }, in.pointCoords(), 1e-4f);
		assertArrayEquals(new float[] { 1, 1, 0, -1 }, in.pointLabels(), "positives, negatives, then SAM's padding point");
		assertArrayEquals(new float[] { 100, 200 }, in.origImSize(), "orig_im_size is (h, w)");
		// 60 x 150 -> 102 x 256 ((int) (60 * 256 / 150 + 0.5) = 102): x scales by 102/60 = 1.7, y by 256/150
		SamEmbedding tall = model.encode(ArrayImgs.unsignedBytes(60, 150));
		assertEquals(102, tall.resizedWidth());
		assertEquals(256, tall.resizedHeight());
		in = model.decoderInputs(tall, Prompt.point(30, 75), null);
		assertArrayEquals(new float[] { 51, 128, 0, 0 }, in.pointCoords(), 1e-4f);
	}

	@Test
	void encoderInputIsResizedNormalisedAndZeroPadded() {
		// a flat 8-bit image of 100, 200 x 100: 256 x 128 of (100 - mean) / std per channel, zeros below
		Img<UnsignedByteType> flat = ArrayImgs.unsignedBytes(200, 100);
		flat.forEach(t -> t.set(100));
		SamTorchScriptModel.EncoderInput in = model.encoderInput(flat);
		assertEquals(256, in.resizedWidth());
		assertEquals(128, in.resizedHeight());
		double[] mean = model.config().pixelMean(), std = model.config().pixelStd();
		for (int c = 0; c < 3; c++)
			for (int y = 0; y < 256; y++)
				for (int x = 0; x < 256; x++) {
					double want = y < 128 ? (100 - mean[c]) / std[c] : 0;
					assertEquals(want, in.values()[(c * 256 + y) * 256 + x], 1e-5, c + " " + x + " " + y);
				}
	}

	@Test
	void boxCornersAreLabelledTwoAndThreeWithoutAPaddingPoint() {
		SamEmbedding e = model.encode(ArrayImgs.unsignedBytes(200, 100));
		DecoderInputs in = model.decoderInputs(e, Prompt.box(60, 70, 10, 20), null); // corners given in any order
		assertArrayEquals(new float[] { 2, 3 }, in.pointLabels());
		assertArrayEquals(new float[] { 12.8f, 25.6f, 76.8f, 89.6f }, in.pointCoords(), 1e-4f);
		Prompt withPoints = new Prompt(List.of(new double[] { 20, 30 }), List.of(new double[] { 40, 40 }), new double[] { 10, 20, 60, 70 });
		in = model.decoderInputs(e, withPoints, null);
		assertArrayEquals(new float[] { 1, 0, 2, 3 }, in.pointLabels());
		assertArrayEquals(new float[] { 25.6f, 38.4f, 51.2f, 51.2f, 12.8f, 25.6f, 76.8f, 89.6f }, in.pointCoords(), 1e-4f);
	}

	@Test
	void previousMaskFeedsHasMaskInputAndItsLowResLogits() {
		SamEmbedding e = model.encode(image(90, 60));
		DecoderInputs none = model.decoderInputs(e, promptA(), null);
		assertEquals(0f, none.hasMaskInput());
		assertEquals(64 * 64, none.maskInput().length);
		for (float v : none.maskInput())
			assertEquals(0f, v);
		Img<FloatType> first = model.predict(e, promptA(), null);
		DecoderOutputs out = model.decode(e, none);
		DecoderInputs again = model.decoderInputs(e, promptA().plus(50, 30, true), first);
		assertEquals(1f, again.hasMaskInput());
		assertArrayEquals(out.lowRes()[out.best()], again.maskInput(), 1e-6f, "the returned map's own low-res logits");
		// a copy of the map is not ours: converted from probabilities (all 1 -> logit(1 - 1e-3) in the image, padding -> logit(1e-3))
		Img<FloatType> ones = ArrayImgs.floats(90, 60);
		ones.forEach(t -> t.set(1));
		DecoderInputs foreign = model.decoderInputs(e, promptA(), ones);
		assertEquals(1f, foreign.hasMaskInput());
		double hi = Math.log((1 - SamTorchScriptModel.EPS) / SamTorchScriptModel.EPS);
		assertEquals(hi, foreign.maskInput()[0], 1e-4, "top-left: inside the image");
		assertEquals(-hi, foreign.maskInput()[64 * 64 - 1], 1e-4, "bottom-right: padding");
		InputException ex = assertThrows(InputException.class, () -> model.decoderInputs(e, promptA(), ArrayImgs.floats(60, 90)));
		assertTrue(ex.getMessage().contains("previous mask"), ex.getMessage());
		// a map this model returned for another image is refused too
		Img<FloatType> small = model.predict(model.encode(image(30, 20)), Prompt.point(5, 5), null);
		assertThrows(InputException.class, () -> model.decoderInputs(e, promptA(), small));
	}

	@Test
	void rescalingAndColourFollowSamJson() throws Exception {
		ArrayImg<UnsignedByteType, ByteArray> u8 = image(90, 60);
		float[] ref = model.encode(u8).values();
		// 32-bit values a * v + b: min..max -> 0..255 gives the 8-bit values back (the image spans 0..255)
		Img<FloatType> f = ArrayImgs.floats(90, 60);
		Cursor<FloatType> c = f.localizingCursor();
		while (c.hasNext()) {
			c.fwd();
			c.get().set(3.5f * value(c.getIntPosition(0), c.getIntPosition(1)) - 100);
		}
		assertTrue(maxDiff(model.encode(f).values(), ref) < 1e-4);
		// RGB with three equal channels = the gray image
		byte[] rgb = new byte[3 * 90 * 60];
		byte[] g = u8.update(null).getCurrentStorageArray();
		for (int k = 0; k < 3; k++)
			System.arraycopy(g, 0, rgb, k * g.length, g.length);
		assertTrue(maxDiff(model.encode(ArrayImgs.unsignedBytes(rgb, 90, 60, 3)).values(), ref) < 1e-6);
		// a channel that differs changes the embedding
		rgb[0] = (byte) 200;
		assertTrue(maxDiff(model.encode(ArrayImgs.unsignedBytes(rgb, 90, 60, 3)).values(), ref) > 1e-3);
		InputException e = assertThrows(InputException.class, () -> model.encode(ArrayImgs.unsignedBytes(10, 10, 2)));
		assertTrue(e.getMessage().contains("RGB"), e.getMessage());
	}

	@Test
	void decodingOnSeveralThreadsGivesTheSameMasks() throws Exception {
		SamEmbedding e = model.encode(image(90, 60));
		float[] ref = values(model.predict(e, promptA(), null));
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<float[]>> fs = new ArrayList<>();
			for (int i = 0; i < 8; i++)
				fs.add(pool.submit(() -> values(model.predict(e, promptA(), null))));
			for (Future<float[]> fu : fs)
				assertEquals(0, maxDiff(fu.get(), ref));
		}
		finally {
			pool.shutdown();
		}
	}

	@Test
	void closedEmbeddingsAndForeignEmbeddingsAreRefused() {
		SamEmbedding e = model.encode(image(20, 10));
		e.close();
		assertThrows(IllegalStateException.class, () -> model.predict(e, Prompt.point(1, 1), null));
		PromptableModel.Embedding other = new PromptableModel.Embedding() {
			public long width() {
				return 20;
			}

			public long height() {
				return 10;
			}
		};
		assertThrows(IllegalArgumentException.class, () -> model.predict(other, Prompt.point(1, 1), null));
	}

	// ------------------------------------------------------------------ broken folders

	Path copy() throws Exception {
		Path d = Files.createDirectories(tmp.resolve("m"));
		try (var s = Files.list(fixture())) {
			for (Path f : s.toList())
				if (f.getFileName().toString().endsWith(".pt") || f.getFileName().toString().equals(SamConfig.JSON))
					Files.copy(f, d.resolve(f.getFileName()));
		}
		return d;
	}

	static JsonObject json(Path d) throws Exception {
		return JsonParser.parseString(Files.readString(d.resolve(SamConfig.JSON))).getAsJsonObject();
	}

	static void write(Path d, JsonObject o) throws Exception {
		Files.writeString(d.resolve(SamConfig.JSON), new GsonBuilder().setPrettyPrinting().create().toJson(o));
	}

	static String loadError(Path d) {
		return assertThrows(InputException.class, () -> SamTorchScriptModel.load(d, Device.cpu()).close()).getMessage();
	}

	@Test
	void missingFilesAreInputErrorsThatSayWhatIsMissing() throws Exception {
		Path d = copy();
		Files.delete(d.resolve("encoder.pt"));
		String m = loadError(d);
		assertTrue(m.contains("lacks its encoder file encoder.pt"), m);
		Path empty = Files.createDirectories(tmp.resolve("empty"));
		m = loadError(empty);
		assertTrue(m.contains("has no sam.json"), m);
		Path d2 = Files.createDirectories(tmp.resolve("corrupt"));
		Files.copy(fixture().resolve(SamConfig.JSON), d2.resolve(SamConfig.JSON));
		Files.copy(fixture().resolve("encoder.pt"), d2.resolve("encoder.pt"));
		Files.writeString(d2.resolve("decoder.pt"), "not a TorchScript file");
		m = loadError(d2);
		assertTrue(m.contains("Cannot load the TorchScript file") && m.contains("decoder.pt"), m);
	}

	@Test
	void badSamJsonIsAnInputErrorNamingTheField() throws Exception {
		Path d = copy();
		Files.writeString(d.resolve(SamConfig.JSON), "{ \"format_version\": 1, ");
		assertTrue(loadError(d).contains("not valid JSON"));
		JsonObject good = JsonParser.parseString(Files.readString(fixture().resolve(SamConfig.JSON))).getAsJsonObject();
		String[][] cases = { // field, bad value (JSON), words of the message
				{ "format_version", "2", "format_version 2 is not supported" },
				{ "input_size", "0", "input_size must be >= 16" },
				{ "input_size", "\"big\"", "\"input_size\" must be a number" },
				{ "pixel_std", "[58.4, 0, 57.4]", "pixel_std must be 3 positive numbers" },
				{ "pixel_mean", "[1, 2]", "\"pixel_mean\" must be 3 numbers" },
				{ "input_range", "\"percent\"", "input_range 'percent' is unknown" },
				{ "gray_to_rgb", "\"red\"", "gray_to_rgb 'red' is not supported" },
				{ "embedding_shape", "[8, 16]", "embedding_shape must be 3 positive integers" },
				{ "decoder_inputs", "[\"image_embeddings\", \"points\"]", "names 'points', which is not one of" },
				{ "decoder_outputs", "[\"masks\", \"iou_predictions\"]", "lacks [low_res_masks]" },
				{ "mask_selection", "\"first\"", "mask_selection 'first' is unknown" },
				{ "encoder", "\"\"", "lacks \"encoder\"" }, };
		for (String[] c : cases) {
			JsonObject o = good.deepCopy();
			o.add(c[0], JsonParser.parseString(c[1]));
			write(d, o);
			String m = loadError(d);
			assertTrue(m.contains(c[2]), c[0] + ": " + m);
		}
		JsonObject o = good.deepCopy();
		o.remove("format_version");
		write(d, o);
		assertTrue(loadError(d).contains("lacks \"format_version\""));
	}

	@Test
	void decoderWithTheWrongSignatureOrShapesIsAnInputError() throws Exception {
		Path d = copy();
		JsonObject o = json(d);
		o.addProperty("decoder", "bad_decoder.pt");
		write(d, o);
		String m = loadError(d);
		assertTrue(m.contains("does not match the SAM decoder signature") && m.contains("bad_decoder.pt"), m);
		// inputs listed in another order than the decoder takes them
		o = json(fixture());
		JsonArray ins = new JsonArray();
		for (String s : List.of("point_coords", "image_embeddings", "point_labels", "mask_input", "has_mask_input", "orig_im_size"))
			ins.add(s);
		o.add("decoder_inputs", ins);
		write(d, o);
		m = loadError(d);
		assertTrue(m.contains("does not match the SAM decoder signature"), m);
		// a mask_input size the decoder does not produce
		o = json(fixture());
		o.addProperty("mask_input_size", 32);
		write(d, o);
		m = loadError(d);
		assertTrue(m.contains("does not match the SAM decoder signature"), m);
		// an embedding shape the decoder does not take
		o = json(fixture());
		o.add("embedding_shape", JsonParser.parseString("[8, 32, 32]"));
		write(d, o);
		m = loadError(d);
		assertTrue(m.contains("does not match the SAM decoder signature") && m.contains("[1, 8, 32, 32] (embedding_shape)"), m);
		// an input size for which the encoder gives another embedding than embedding_shape: found when encoding
		o = json(fixture());
		o.addProperty("input_size", 512);
		write(d, o);
		try (SamTorchScriptModel wrong = SamTorchScriptModel.load(d, Device.cpu())) {
			m = assertThrows(InputException.class, () -> wrong.encode(image(20, 20))).getMessage();
			assertTrue(m.contains("[1, 8, 32, 32]") && m.contains("embedding_shape"), m);
		}
	}

	// ------------------------------------------------------------------ factory

	@Test
	void promptableModelsOpensSamFoldersByPathAndExplainsOtherFolders() throws Exception {
		try (PromptableModel m = PromptableModels.open(fixture().toString(), Device.cpu())) {
			assertInstanceOf(SamTorchScriptModel.class, m);
			assertNotSame(model, m);
		}
		assertEquals(fixture().toAbsolutePath().normalize(), PromptableModels.resolve(fixture().resolve(SamConfig.JSON).toString()));
		assertEquals(fixture().toAbsolutePath().normalize(), PromptableModels.resolve(fixture() + "/"));
		Path seg = Files.createDirectories(tmp.resolve("seg"));
		Files.writeString(seg.resolve("model.json"), "{}");
		String m = assertThrows(InputException.class, () -> PromptableModels.open(seg.toString(), Device.cpu())).getMessage();
		assertTrue(m.contains("is a segmentation model, not a promptable one"), m);
		Path empty = Files.createDirectories(tmp.resolve("nothing"));
		m = assertThrows(InputException.class, () -> PromptableModels.resolve(empty.toString())).getMessage();
		assertTrue(m.contains("holds no promptable model"), m);
		m = assertThrows(InputException.class, () -> PromptableModels.resolve(tmp.resolve("absent").toString())).getMessage();
		assertTrue(m.contains("No promptable model at"), m);
		m = assertThrows(InputException.class, () -> PromptableModels.resolve("no-such-sam-model-xyz")).getMessage();
		assertTrue(m.contains("No promptable model named 'no-such-sam-model-xyz'"), m);
		assertThrows(InputException.class, () -> PromptableModels.resolve(" "));
	}
}
