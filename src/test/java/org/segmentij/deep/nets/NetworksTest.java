package org.segmentij.deep.nets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.segmentij.UsageException;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

class NetworksTest {

	static NDArray forward(SegmentationNetwork net, NDManager m, Shape s, boolean training) {
		return UNetTest.forward(net, m, s, training);
	}

	private static void checkShapes(String arch, NetConfig cfg, int expectedMultiple, long[]... sizes) {
		try (NDManager m = NDManager.newBaseManager("PyTorch")) {
			SegmentationNetwork net = Networks.create(arch, cfg);
			assertEquals(arch.equals("deeplab") ? "deeplabv3plus" : arch.equals("fcn8s") ? "fcn" : arch, net.arch());
			assertEquals(expectedMultiple, net.inputMultiple());
			assertEquals(expectedMultiple, Networks.inputMultiple(arch, cfg));
			for (long[] hw : sizes) {
				for (boolean training : new boolean[] { true, false }) {
					Shape in = new Shape(2, cfg.inChannels, hw[0], hw[1]);
					NDArray y = forward(net, m, in, training);
					assertEquals(new Shape(2, cfg.classes, hw[0], hw[1]), y.getShape(), arch + " " + in);
					assertEquals(y.getShape(), net.getOutputShapes(new Shape[] { in })[0]);
					float[] v = y.toFloatArray();
					for (float f : v)
						assertTrue(Float.isFinite(f), arch + " output not finite");
				}
			}
			long bad = expectedMultiple + expectedMultiple / 2;
			UsageException e = assertThrows(UsageException.class, () -> forward(net, m, new Shape(1, cfg.inChannels, bad, expectedMultiple), false));
			assertTrue(e.getMessage().contains("multiple of " + expectedMultiple), e.getMessage());
		}
	}

	/**
	 * Inference leaves nothing attached to the model: with the model's manager capped (DJL then
	 * refuses any new array there), forward passes in a batch's own manager of every architecture,
	 * with batch norm (folded at inference) and instance norm, at inference and in training, must
	 * go through. Arrays attached there used to stay until the model was closed
	 * (about 40 MB per batch of 4 tiles of 256^2 for the shipped U-Net).
	 */
	@Test
	void inferenceAttachesNothingToTheModel() {
		Map<String, NetConfig> nets = new java.util.LinkedHashMap<>();
		nets.put("unet", NetConfig.builder().classes(3).depth(2).base(4).build());
		nets.put("unet3d", NetConfig.builder().classes(2).depth(1).base(2).build());
		nets.put("segnet", NetConfig.builder().classes(3).depth(2).base(4).build());
		nets.put("deeplabv3plus", NetConfig.builder().classes(3).base(4).build());
		nets.put("fcn", NetConfig.builder().classes(2).base(2).build());
		nets.put("vit", NetConfig.builder().classes(3).base(8).patchSize(8).embedDim(16).heads(2).layers(1).imageSize(32).build());
		nets.put("unet-instance-norm", NetConfig.builder().classes(2).depth(2).base(4).norm(Norm.INSTANCE).build());
		for (Map.Entry<String, NetConfig> e : nets.entrySet()) {
			String arch = e.getKey().replace("-instance-norm", "");
			boolean is3d = arch.equals("unet3d");
			SegmentationNetwork net = Networks.create(arch, e.getValue());
			try (NDManager model = NDManager.newBaseManager("PyTorch")) {
				Shape in = is3d ? new Shape(1, 1, 8, 16, 16) : new Shape(2, 1, 32, 32);
				net.initialize(model, DataType.FLOAT32, in);
				((ai.djl.ndarray.BaseNDManager) model).cap();
				for (int round = 0; round < 4; round++)
					try (NDManager batch = model.newSubManager()) {
						NDArray x = batch.randomUniform(0, 1, in);
						boolean training = round == 3; // a training step's forward pass too
						NDArray y = net.forward(new ParameterStore(batch, false), new NDList(x), training).singletonOrThrow();
						assertEquals(in.get(0), y.getShape().get(0), e.getKey());
					}
			}
		}
	}

	@Test
	void segnetShapes() {
		checkShapes("segnet", NetConfig.builder().inChannels(1).classes(3).depth(3).base(4).build(), 8, new long[] { 32, 32 }, new long[] { 16, 40 });
		checkShapes("segnet", NetConfig.builder().inChannels(2).classes(2).depth(2).base(4).norm(Norm.INSTANCE).build(), 4, new long[] { 32, 12 });
	}

	@Test
	void deeplabShapes() {
		checkShapes("deeplabv3plus", NetConfig.builder().classes(3).base(4).build(), 16, new long[] { 32, 32 }, new long[] { 64, 48 });
		checkShapes("deeplab", NetConfig.builder().inChannels(3).classes(2).base(4).outputStride(8).atrousRates(2, 4).norm(Norm.NONE).build(), 8,
				new long[] { 32, 24 });
	}

	@Test
	void fcnShapes() {
		checkShapes("fcn", NetConfig.builder().classes(4).base(4).build(), 32, new long[] { 32, 32 }, new long[] { 64, 96 });
		checkShapes("fcn8s", NetConfig.builder().classes(1).base(2).norm(Norm.INSTANCE).build(), 32, new long[] { 64, 32 });
	}

	@Test
	void vitShapes() {
		checkShapes("vit", NetConfig.builder().classes(3).base(8).patchSize(8).embedDim(16).heads(2).layers(2).imageSize(32).build(), 8,
				new long[] { 32, 32 }, new long[] { 16, 48 });
		checkShapes("vit", NetConfig.builder().inChannels(2).classes(2).base(4).patchSize(4).embedDim(8).heads(4).layers(1).imageSize(32)
				.norm(Norm.NONE).build(), 4, new long[] { 32, 32 });
	}

	@Test
	void vitParameterCount() {
		// patch 4 (1 -> 8), grid 8x8 position embedding, 1 block of dim 8 (mlp 4), head 2 stages of base 4, 2 classes, no norm
		NetConfig cfg = NetConfig.builder().base(4).patchSize(4).embedDim(8).heads(2).layers(1).mlpRatio(4).imageSize(32).norm(Norm.NONE).build();
		long embed = 1 * 8 * 16 + 8, pos = 8 * 8 * 8;
		long block = 2 * 8 + (8 * 24 + 24) + (8 * 8 + 8) + 2 * 8 + (8 * 32 + 32) + (32 * 8 + 8);
		long head = (9 * 8 * 4 + 4) + (9 * 4 * 4 + 4) + (4 * 2 + 2);
		assertEquals(embed + pos + block + 2 * 8 + head, Networks.create("vit", cfg).trainableParameterCount());
	}

	/** Attention against a plain-Java evaluation of its definition. */
	@Test
	void attentionMatchesItsDefinition() {
		int dim = 4, heads = 2, t = 3, dh = 2;
		try (NDManager m = NDManager.newBaseManager("PyTorch")) {
			TransformerBlock b = new TransformerBlock(dim, heads, 2);
			b.initialize(m, DataType.FLOAT32, new Shape(1, t, dim));
			float[] x = new float[t * dim];
			java.util.Random r = new java.util.Random(3);
			for (int i = 0; i < x.length; i++)
				x[i] = (float) r.nextGaussian();
			float[] wq = b.getChildren().get("02qkv").getParameters().get("weight").getArray().toFloatArray(); // (3E, E)
			float[] bq = b.getChildren().get("02qkv").getParameters().get("bias").getArray().toFloatArray();
			float[] wp = b.getChildren().get("03proj").getParameters().get("weight").getArray().toFloatArray();
			float[] bp = b.getChildren().get("03proj").getParameters().get("bias").getArray().toFloatArray();
			float[] got = b.attention(new ParameterStore(m, false), m.create(x, new Shape(1, t, dim)), false).toFloatArray();
			double[][] qkv = new double[t][3 * dim];
			for (int i = 0; i < t; i++)
				for (int o = 0; o < 3 * dim; o++) {
					double s = bq[o];
					for (int c = 0; c < dim; c++)
						s += wq[o * dim + c] * x[i * dim + c];
					qkv[i][o] = s;
				}
			double[][] cat = new double[t][dim];
			for (int h = 0; h < heads; h++)
				for (int i = 0; i < t; i++) {
					double[] a = new double[t];
					double max = Double.NEGATIVE_INFINITY, sum = 0;
					for (int j = 0; j < t; j++) {
						for (int d = 0; d < dh; d++)
							a[j] += qkv[i][h * dh + d] * qkv[j][dim + h * dh + d];
						a[j] /= Math.sqrt(dh);
						max = Math.max(max, a[j]);
					}
					for (int j = 0; j < t; j++)
						sum += a[j] = Math.exp(a[j] - max);
					for (int d = 0; d < dh; d++)
						for (int j = 0; j < t; j++)
							cat[i][h * dh + d] += a[j] / sum * qkv[j][2 * dim + h * dh + d];
				}
			for (int i = 0; i < t; i++)
				for (int o = 0; o < dim; o++) {
					double s = bp[o];
					for (int c = 0; c < dim; c++)
						s += wp[o * dim + c] * cat[i][c];
					assertEquals(s, got[i * dim + o], 1e-5);
				}
		}
	}

	/** Pooling indices and unpooling against a brute-force scan of every 2x2 window, ties included. */
	@Test
	void maxUnpoolingPutsValuesWhereTheMaximumWas() {
		int n = 1, c = 2, h = 4, w = 6;
		float[] x = new float[n * c * h * w];
		java.util.Random r = new java.util.Random(5);
		for (int i = 0; i < x.length; i++)
			x[i] = r.nextInt(3); // many ties
		try (NDManager m = NDManager.newBaseManager("PyTorch")) {
			NDArray[] pm = MaxPoolIndices.pool(m.create(x, new Shape(n, c, h, w)));
			float[] pooled = pm[0].toFloatArray();
			float[] y = new float[pooled.length];
			for (int i = 0; i < y.length; i++)
				y[i] = 10 + i;
			float[] un = MaxPoolIndices.unpool(m.create(y, pm[0].getShape()), pm[1]).toFloatArray();
			float[] wantPool = new float[pooled.length], wantUn = new float[x.length];
			for (int ch = 0; ch < c; ch++)
				for (int py = 0; py < h / 2; py++)
					for (int px = 0; px < w / 2; px++) {
						int best = -1;
						for (int k = 0; k < 4; k++) { // row-major within the window, first maximum wins
							int idx = (ch * h + 2 * py + k / 2) * w + 2 * px + k % 2;
							if (best < 0 || x[idx] > x[best])
								best = idx;
						}
						int pi = (ch * (h / 2) + py) * (w / 2) + px;
						wantPool[pi] = x[best];
						wantUn[best] = y[pi];
					}
			assertArrayEquals(wantPool, pooled);
			assertArrayEquals(wantUn, un);
		}
	}

	@Test
	void configOptionsRoundTripAndValidate() {
		NetConfig c = NetConfig.builder().inChannels(3).classes(5).depth(2).base(8).norm(Norm.INSTANCE).upsampling(NetConfig.Upsampling.BILINEAR)
				.atrousRates(1, 2, 3).outputStride(8).build();
		assertEquals(c, NetConfig.fromOptions(c.toOptions()));
		assertEquals(NetConfig.builder().depth(3).norm(Norm.NONE).build(), NetConfig.fromOptions(Map.of("depth", "3", "norm", "none")));
		assertThrows(UsageException.class, () -> NetConfig.fromOptions(Map.of("detph", "3")));
		assertThrows(UsageException.class, () -> NetConfig.fromOptions(Map.of("depth", "x")));
		assertThrows(UsageException.class, () -> NetConfig.builder().embedDim(10).heads(3).build());
		assertThrows(UsageException.class, () -> NetConfig.builder().patchSize(12).build());
		assertThrows(UsageException.class, () -> NetConfig.builder().classes(0).build());
		for (String a : Networks.ARCHITECTURES)
			assertEquals(a, Networks.create(a, NetConfig.builder().base(2).build()).arch());
	}
}
