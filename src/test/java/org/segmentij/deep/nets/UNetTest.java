package org.segmentij.deep.nets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.segmentij.UsageException;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

class UNetTest {

	static NDArray forward(SegmentationNetwork net, NDManager m, Shape s, boolean training) {
		if (!net.isInitialized())
			net.initialize(m, DataType.FLOAT32, s);
		NDArray x = m.randomNormal(s);
		return net.forward(new ParameterStore(m, false), new NDList(x), training).singletonOrThrow();
	}

	/** Parameters of the reference layout, counted from the layout description. */
	static long referenceUNetParams(int depth, int base, int in, int classes) {
		long n = 0;
		long[] ch = new long[depth + 1];
		for (int i = 0; i <= depth; i++)
			ch[i] = (long) base << i;
		for (int i = 0; i <= depth; i++) { // encoder levels and bottleneck
			long cin = i == 0 ? in : ch[i - 1];
			n += 9 * cin * ch[i] + 2 * ch[i]; // conv (no bias) + BN gamma, beta
			n += 9 * ch[i] * ch[i] + 2 * ch[i];
		}
		for (int i = 0; i < depth; i++) {
			n += ch[i + 1] * ch[i] * 4 + ch[i]; // transposed conv 2x2 with bias
			n += 9 * 2 * ch[i] * ch[i] + 2 * ch[i] + 9 * ch[i] * ch[i] + 2 * ch[i];
		}
		return n + ch[0] * classes + classes;
	}

	@Test
	void parameterCountMatchesTheReferenceLayout() {
		assertEquals(referenceUNetParams(4, 32, 1, 2), Networks.create("unet", NetConfig.builder().depth(4).base(32).build()).trainableParameterCount());
		assertEquals(referenceUNetParams(3, 16, 1, 2), Networks.create("unet", NetConfig.builder().depth(3).base(16).build()).trainableParameterCount());
		// depth 1, base 1, 1 -> 2 classes by hand: enc 9+2+9+2, bottleneck 18+4+36+4, up 8+1, dec 18+2+9+2, head 2+2
		assertEquals(22 + 62 + 9 + 31 + 4, Networks.create("unet", NetConfig.builder().depth(1).base(1).build()).trainableParameterCount());
	}

	@Test
	void outputShapesForSeveralSizes() {
		try (NDManager m = NDManager.newBaseManager("PyTorch")) {
			for (NetConfig.Upsampling up : NetConfig.Upsampling.values()) {
				for (Norm norm : Norm.values()) {
					SegmentationNetwork net = Networks.create("unet",
							NetConfig.builder().inChannels(2).classes(3).depth(3).base(4).norm(norm).upsampling(up).build());
					assertEquals(8, net.inputMultiple());
					for (long[] hw : new long[][] { { 32, 32 }, { 16, 48 }, { 64, 8 } }) {
						NDArray y = forward(net, m, new Shape(2, 2, hw[0], hw[1]), true);
						assertEquals(new Shape(2, 3, hw[0], hw[1]), y.getShape(), up + " " + norm);
						y = forward(net, m, new Shape(1, 2, hw[0], hw[1]), false);
						assertEquals(new Shape(1, 3, hw[0], hw[1]), y.getShape());
					}
				}
			}
		}
	}

	@Test
	void unet3dOutputShape() {
		try (NDManager m = NDManager.newBaseManager("PyTorch")) {
			SegmentationNetwork net = Networks.create("unet3d", NetConfig.builder().depth(2).base(2).classes(2).build());
			assertEquals(3, net.spatialDims());
			NDArray y = forward(net, m, new Shape(1, 1, 8, 16, 12), true);
			assertEquals(new Shape(1, 2, 8, 16, 12), y.getShape());
			assertThrows(UsageException.class, () -> forward(net, m, new Shape(1, 1, 8, 16, 10), false));
		}
	}

	@Test
	void sizesThatAreNotMultiplesAreAUsageError() {
		try (NDManager m = NDManager.newBaseManager("PyTorch")) {
			SegmentationNetwork net = Networks.create("unet", NetConfig.builder().depth(3).base(2).build());
			UsageException e = assertThrows(UsageException.class, () -> forward(net, m, new Shape(1, 1, 30, 32), false));
			assertTrue(e.getMessage().contains("multiple of 8") && e.getMessage().contains("32x32"), e.getMessage());
			assertThrows(UsageException.class, () -> forward(net, m, new Shape(1, 2, 32, 32), false)); // channels
			assertThrows(UsageException.class, () -> forward(net, m, new Shape(1, 32, 32), false)); // rank
			assertEquals(40, net.fitSize(33));
			assertEquals(8, net.fitSize(1));
		}
		assertThrows(UsageException.class, () -> Networks.create("resnet", NetConfig.defaults()));
	}

	/** The transposed convolution against its definition, summed in plain Java. */
	@Test
	void upConvIsATransposedConvolutionWithKernel2Stride2() {
		int cin = 3, cout = 2, n = 2, h = 3, w = 4;
		try (NDManager m = NDManager.newBaseManager("PyTorch")) {
			UpConv up = new UpConv(2, cin, cout);
			up.initialize(m, DataType.FLOAT32, new Shape(n, cin, h, w));
			Random r = new Random(1);
			float[] bias = { 0.5f, -0.25f };
			up.getParameters().get("bias").getArray().set(bias);
			float[] wt = up.getParameters().get("weight").getArray().toFloatArray(); // (cin, cout, 2, 2)
			float[] x = new float[n * cin * h * w];
			for (int i = 0; i < x.length; i++)
				x[i] = (float) r.nextGaussian();
			NDArray y = up.forward(new ParameterStore(m, false), new NDList(m.create(x, new Shape(n, cin, h, w))), false).singletonOrThrow();
			assertEquals(new Shape(n, cout, 2 * h, 2 * w), y.getShape());
			float[] got = y.toFloatArray();
			float[] want = new float[got.length];
			for (int b = 0; b < n; b++)
				for (int o = 0; o < cout; o++)
					for (int oy = 0; oy < 2 * h; oy++)
						for (int ox = 0; ox < 2 * w; ox++) {
							double s = bias[o];
							for (int c = 0; c < cin; c++)
								s += x[((b * cin + c) * h + oy / 2) * w + ox / 2] * wt[((c * cout + o) * 2 + oy % 2) * 2 + ox % 2];
							want[((b * cout + o) * 2 * h + oy) * 2 * w + ox] = (float) s;
						}
			assertArrayEquals(want, got, 1e-5f);
		}
	}

	@Test
	void upConv3dIsATransposedConvolution() {
		int cin = 2, cout = 2, d = 2, h = 3, w = 2;
		try (NDManager m = NDManager.newBaseManager("PyTorch")) {
			UpConv up = new UpConv(3, cin, cout);
			up.initialize(m, DataType.FLOAT32, new Shape(1, cin, d, h, w));
			float[] wt = up.getParameters().get("weight").getArray().toFloatArray(); // (cin, cout, 2, 2, 2)
			float[] x = new float[cin * d * h * w];
			Random r = new Random(2);
			for (int i = 0; i < x.length; i++)
				x[i] = (float) r.nextGaussian();
			float[] got = up.forward(new ParameterStore(m, false), new NDList(m.create(x, new Shape(1, cin, d, h, w))), false).singletonOrThrow()
					.toFloatArray();
			for (int o = 0; o < cout; o++)
				for (int z = 0; z < 2 * d; z++)
					for (int y = 0; y < 2 * h; y++)
						for (int xx = 0; xx < 2 * w; xx++) {
							double s = 0;
							for (int c = 0; c < cin; c++)
								s += x[((c * d + z / 2) * h + y / 2) * w + xx / 2] * wt[(((c * cout + o) * 2 + z % 2) * 2 + y % 2) * 2 + xx % 2];
							assertEquals(s, got[((o * 2 * d + z) * 2 * h + y) * 2 * w + xx], 1e-5);
						}
		}
	}

	/** Batch norm: batch statistics in training, running statistics updated with PyTorch's momentum 0.1 otherwise. */
	@Test
	void batchNormStatistics() {
		try (NDManager m = NDManager.newBaseManager("PyTorch")) {
			NormLayer bn = new NormLayer(Norm.BATCH, 1);
			bn.initialize(m, DataType.FLOAT32, new Shape(2, 1, 1, 2));
			float[] v = { 1, 3, 5, 7 }; // mean 4, biased var 5, unbiased var 20/3
			NDArray y = bn.forward(new ParameterStore(m, false), new NDList(m.create(v, new Shape(2, 1, 1, 2))), true).singletonOrThrow();
			float[] got = y.toFloatArray();
			for (int i = 0; i < 4; i++)
				assertEquals((v[i] - 4) / Math.sqrt(5 + 1e-5), got[i], 1e-5);
			assertEquals(0.4, bn.getParameters().get("runningMean").getArray().getFloat(0), 1e-6);
			assertEquals(0.9 + 0.1 * 20 / 3.0, bn.getParameters().get("runningVar").getArray().getFloat(0), 1e-5);
			got = bn.forward(new ParameterStore(m, false), new NDList(m.create(v, new Shape(2, 1, 1, 2))), false).singletonOrThrow().toFloatArray();
			double rv = 0.9 + 0.1 * 20 / 3.0;
			for (int i = 0; i < 4; i++)
				assertEquals((v[i] - 0.4) / Math.sqrt(rv + 1e-5), got[i], 1e-5);

			NormLayer in = new NormLayer(Norm.INSTANCE, 1);
			in.initialize(m, DataType.FLOAT32, new Shape(2, 1, 1, 2));
			got = in.forward(new ParameterStore(m, false), new NDList(m.create(v, new Shape(2, 1, 1, 2))), false).singletonOrThrow().toFloatArray();
			// each sample on its own: (1,3) and (5,7), mean +-1 around the centre, var 1
			float[] want = { -1, 1, -1, 1 };
			for (int i = 0; i < 4; i++)
				assertEquals(want[i] / Math.sqrt(1 + 1e-5), got[i], 1e-5);
		}
	}

	/** In inference the batch norm is folded into the convolution: same result as conv, then norm, then ReLU. */
	@Test
	void foldedBatchNormEqualsConvThenNorm() {
		try (NDManager m = NDManager.newBaseManager("PyTorch")) {
			ConvNormAct block = ConvNormAct.doubleConv(2, Norm.BATCH, 2, 3);
			Shape s = new Shape(2, 2, 8, 8);
			block.initialize(m, DataType.FLOAT32, s);
			ParameterStore ps = new ParameterStore(m, false);
			// non-trivial running statistics and affine parameters
			for (int k = 0; k < 3; k++)
				block.forward(ps, new NDList(m.randomNormal(1, 2, s, DataType.FLOAT32)), true);
			block.getParameters().forEach(p -> {
				if (p.getValue().getType() == ai.djl.nn.Parameter.Type.GAMMA || p.getValue().getType() == ai.djl.nn.Parameter.Type.BETA)
					p.getValue().getArray().addi(m.randomUniform(-0.5f, 0.5f, p.getValue().getShape()));
			});
			NDArray x = m.randomNormal(s);
			float[] folded = block.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
			NDArray y = x;
			for (int i = 0; i < 2; i++) {
				y = block.getChildren().get(2 * i).getValue().forward(ps, new NDList(y), false).singletonOrThrow();
				y = ai.djl.nn.Activation.relu(block.getChildren().get(2 * i + 1).getValue().forward(ps, new NDList(y), false).singletonOrThrow());
			}
			assertArrayEquals(y.toFloatArray(), folded, 1e-4f);
		}
	}
}
