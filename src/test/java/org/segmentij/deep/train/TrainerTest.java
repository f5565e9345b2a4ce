package org.segmentij.deep.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segmentij.InputException;
import org.segmentij.classical.threshold.GlobalMethod;
import org.segmentij.classical.threshold.GlobalThreshold;
import org.segmentij.classical.threshold.Histogram;
import org.segmentij.deep.infer.Normalization;
import org.segmentij.deep.nets.NetConfig;
import org.segmentij.deep.store.ModelPackage;

import ai.djl.Device;
import net.imglib2.img.array.ArrayImgs;

/**
 * Training on a task a global threshold cannot solve: objects are a fine checkerboard texture
 * whose mean equals the flat background's, so intensity alone does not tell them apart; a network
 * that sees 3x3 neighbourhoods does.
 */
class TrainerTest {

	static final int SIZE = 48;

	static Sample textured(long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		float[] img = new float[SIZE * SIZE];
		int[] t = new int[SIZE * SIZE];
		int n = 2 + r.nextInt(2);
		int[][] boxes = new int[n][];
		for (int k = 0; k < n; k++) {
			int w = 10 + r.nextInt(12), h = 10 + r.nextInt(12);
			boxes[k] = new int[] { r.nextInt(SIZE - w), r.nextInt(SIZE - h), w, h };
		}
		for (int y = 0; y < SIZE; y++)
			for (int x = 0; x < SIZE; x++) {
				boolean in = false;
				for (int[] b : boxes)
					in |= x >= b[0] && x < b[0] + b[2] && y >= b[1] && y < b[1] + b[3];
				t[y * SIZE + x] = in ? 1 : 0;
				double v = 100 + (in ? ((x + y) % 2 == 0 ? 40 : -40) : 0) + 4 * r.nextGaussian();
				img[y * SIZE + x] = (float) v;
			}
		TrainingData.normalise(Normalization.percentile(1, 99.8), img, 0, img.length);
		return new Sample("textured-" + seed, img, 1, SIZE, SIZE, t);
	}

	static Trainer.Config config(Path out, int epochs, boolean resume) {
		NetConfig net = NetConfig.builder().inChannels(1).classes(2).depth(2).base(8).build();
		return new Trainer.Config("texture", "unet", net, TargetMode.BINARY, null, "dice+ce", epochs, 4, 32, 0.01, 0.25, 0, 7,
				new Augmentation(true, true, 0, 16, 0, 0, 0), Normalization.percentile(1, 99.8), out, resume, Device.cpu(), 6);
	}

	static double otsuIoU(List<Sample> val) {
		long inter = 0, union = 0;
		for (Sample s : val) {
			var img = ArrayImgs.floats(s.image().clone(), SIZE, SIZE);
			GlobalThreshold.Result r = GlobalThreshold.compute(img, GlobalMethod.OTSU,
					GlobalThreshold.Options.defaults().withMode(Histogram.Mode.FULL));
			for (int i = 0; i < s.target().length; i++) {
				boolean p = r.range().contains(s.image()[i]), t = s.target()[i] == 1;
				if (p && t)
					inter++;
				if (p || t)
					union++;
			}
		}
		return (double) inter / union;
	}

	@Test
	void aUNetLearnsWhatOtsuCannotAndTheRunCanBeResumed(@TempDir Path dir) throws Exception {
		List<Sample> data = new ArrayList<>();
		for (int i = 0; i < 12; i++)
			data.add(textured(100 + i));
		TrainingData.Split split = TrainingData.split(data, 0.25, 7);
		double otsu = otsuIoU(split.validation());
		Path out = dir.resolve("texture");
		Trainer.Result r = Trainer.train(data, config(out, 6, false), null);
		double best = r.history().stream().mapToDouble(EpochStats::valIoU).max().orElseThrow();
		assertTrue(best > otsu + 0.25, "validation IoU " + best + " vs Otsu " + otsu);
		assertTrue(best > 0.8, "validation IoU " + best);
		// the package: model.json, weights, history and curve; validation figures recorded
		ModelPackage p = r.model();
		assertEquals("unet", p.architecture);
		assertEquals(List.of("background", "foreground"), p.classes);
		assertEquals(best, p.validation.get("iou").getAsDouble(), 1e-9);
		assertTrue(Files.size(out.resolve("training.png")) > 1000);
		assertEquals(7, Files.readAllLines(out.resolve("history.csv")).size());
		// resume: two more epochs continue from the checkpoint, the first six stay as they were
		byte[] before = Files.readAllBytes(out.resolve("checkpoints").resolve("last-0006.params"));
		Trainer.Result r2 = Trainer.train(data, config(out, 8, true), null);
		// the weights trained after resuming are the ones saved (not the loaded checkpoint again)
		byte[] after = Files.readAllBytes(out.resolve("checkpoints").resolve("last-0008.params"));
		assertFalse(java.util.Arrays.equals(before, after), "the resumed epochs changed the saved weights");
		assertTrue(r2.history().get(6).valIoU() > best - 0.15,
				"the resumed run starts from the trained weights: " + r2.history().get(6).valIoU() + " vs " + best);
		assertEquals(8, r2.history().size());
		for (int e = 0; e < 6; e++) {
			EpochStats a = r.history().get(e), b = r2.history().get(e);
			assertEquals(a.trainLoss(), b.trainLoss());
			assertEquals(a.valIoU(), b.valIoU());
			assertEquals(a.best(), b.best());
		}
		assertEquals(7, r2.history().get(6).epoch());
	}

	@Test
	void sameSeedSameTrainingOnTheCpu(@TempDir Path dir) {
		List<Sample> data = new ArrayList<>();
		for (int i = 0; i < 6; i++)
			data.add(textured(200 + i));
		double[] a = Trainer.train(data, config(dir.resolve("a"), 2, false), null).history().stream().mapToDouble(EpochStats::trainLoss)
				.toArray();
		double[] b = Trainer.train(data, config(dir.resolve("b"), 2, false), null).history().stream().mapToDouble(EpochStats::trainLoss)
				.toArray();
		assertArrayEquals(a, b, 1e-5);
	}

	@Test
	void classesBeyondTheNetworkAreNamed(@TempDir Path dir) {
		Sample s = new Sample("three", new float[64 * 64], 1, 64, 64, new int[64 * 64]);
		s.target()[5] = 2;
		InputException e = assertThrows(InputException.class, () -> Trainer.train(List.of(s, s), config(dir, 1, false), null));
		assertTrue(e.getMessage().contains("class 2"), e.getMessage());
	}
}
