package org.segmentij.classical.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

class FuzzyCMeansTest {

	@Test
	void membershipsSumToOne() {
		Random rnd = new Random(1);
		int n = 6000, d = 2, k = 4;
		float[] x = new float[n * d];
		for (int i = 0; i < x.length; i++)
			x[i] = (float) (rnd.nextDouble() * 10);
		FuzzyCMeans.Result r = FuzzyCMeans.cluster(x, d, k, 2, 3, 100, 1e-4);
		assertEquals(k, r.membership().length);
		for (int i = 0; i < n; i++) {
			double s = 0;
			int best = 0;
			for (int j = 0; j < k; j++) {
				float u = r.membership()[j][i];
				assertTrue(u >= 0 && u <= 1);
				s += u;
				if (u > r.membership()[best][i])
					best = j;
			}
			assertEquals(1, s, 1e-5);
			assertEquals(best, r.hardAssignment()[i]);
		}
	}

	@Test
	void separatedBlobs() {
		ClusterFixtures.Blobs b = ClusterFixtures.blobs(ClusterFixtures.THREE, 200, 0.5, 7);
		float[] copy = b.features().clone();
		for (long seed = 0; seed < 3; seed++) {
			FuzzyCMeans.Result r = FuzzyCMeans.cluster(b.features(), 2, 3, 2, seed, 200, 1e-5);
			assertArrayEquals(b.truth(), r.hardAssignment());
			for (int j = 0; j < 3; j++)
				for (int q = 0; q < 2; q++)
					assertEquals(b.centres()[j][q], r.centres()[j][q], 0.15, "centre " + j);
		}
		assertArrayEquals(copy, b.features(), "input unchanged");
		FuzzyCMeans.Result r1 = FuzzyCMeans.cluster(b.features(), 2, 3, 2, 9, 200, 1e-5);
		FuzzyCMeans.Result r2 = FuzzyCMeans.cluster(b.features(), 2, 3, 2, 9, 200, 1e-5);
		for (int j = 0; j < 3; j++) {
			assertArrayEquals(r1.centres()[j], r2.centres()[j]);
			assertArrayEquals(r1.membership()[j], r2.membership()[j]);
		}
	}

	@Test
	void fuzzifierNearOneBehavesLikeKMeans() {
		ClusterFixtures.Blobs b = ClusterFixtures.blobs(new float[][] { { 0, 0 }, { 4, 3 }, { 8, 0 } }, 300, 1.0, 11);
		KMeans.Result km = KMeans.cluster(b.features(), 2, 3, 5, 300, 0);
		FuzzyCMeans.Result fc = FuzzyCMeans.cluster(b.features(), 2, 3, 1.02, 5, 300, 0);
		assertArrayEquals(km.assignment(), fc.hardAssignment());
		for (int j = 0; j < 3; j++)
			for (int q = 0; q < 2; q++)
				assertEquals(km.centres()[j][q], fc.centres()[j][q], 1e-2);
	}

	@Test
	void oneStepByHand() {
		// points 0, 1, 4; centres 0.5 and 3; m = 2: u_ij = (1/d_ij^2) / sum_l (1/d_il^2)
		float[] x = { 0, 1, 4 };
		float[][] u = FuzzyCMeans.memberships(x, 1, new float[][] { { 0.5f }, { 3 } }, 2);
		// d^2 to 0.5: 0.25, 0.25, 12.25; to 3: 9, 4, 1
		double[] u1 = { 4 / (4 + 1 / 9.0), 4 / (4 + 1 / 4.0), (1 / 12.25) / (1 / 12.25 + 1) };
		for (int i = 0; i < 3; i++) {
			assertEquals(u1[i], u[0][i], 1e-6);
			assertEquals(1 - u1[i], u[1][i], 1e-6);
		}
		assertEquals(36 / 37.0, u[0][0], 1e-6);
		assertEquals(16 / 17.0, u[0][1], 1e-6);
		assertEquals(4 / 53.0, u[0][2], 1e-6);
		float[][] c = FuzzyCMeans.updateCentres(x, 1, u, 2);
		double a = 36 / 37.0, b = 16 / 17.0, e = 4 / 53.0;
		double c1 = (a * a * 0 + b * b * 1 + e * e * 4) / (a * a + b * b + e * e);
		double c2 = ((1 - a) * (1 - a) * 0 + (1 - b) * (1 - b) * 1 + (1 - e) * (1 - e) * 4)
				/ ((1 - a) * (1 - a) + (1 - b) * (1 - b) + (1 - e) * (1 - e));
		assertEquals(c1, c[0][0], 1e-5);
		assertEquals(c2, c[1][0], 1e-5);
		// a point on a centre belongs to it entirely
		float[][] on = FuzzyCMeans.memberships(new float[] { 3 }, 1, new float[][] { { 0.5f }, { 3 } }, 2);
		assertEquals(0, on[0][0]);
		assertEquals(1, on[1][0]);
	}

	@Test
	void threeFlatLevelsImages() {
		Img<FloatType> f = ClusterFixtures.threeLevelsFloat(2);
		Img<FloatType> copy = f.copy();
		ClusterFixtures.assertRegions(FuzzyCMeans.segment(f, 3, 2, 0));
		var c1 = copy.cursor();
		for (FloatType t : f)
			assertEquals(c1.next().get(), t.get());
		ClusterFixtures.assertRegions(FuzzyCMeans.segment(ClusterFixtures.threeLevelsByte(2), 3, 2, 0));
	}

	@Test
	void identicalPointsShareMembershipEqually() {
		float[] x = { 1, 1, 1, 1 };
		FuzzyCMeans.Result r = FuzzyCMeans.cluster(x, 1, 2, 2, 0, 10, 0);
		for (int i = 0; i < 4; i++) {
			assertEquals(0.5f, r.membership()[0][i]);
			assertEquals(0.5f, r.membership()[1][i]);
			assertEquals(0, r.hardAssignment()[i]);
		}
	}

	@Test
	void rejectsBadInput() {
		float[] x = { 1, 2, 3 };
		assertThrows(IllegalArgumentException.class, () -> FuzzyCMeans.cluster(x, 1, 2, 1, 0, 10, 0));
		assertThrows(IllegalArgumentException.class, () -> FuzzyCMeans.cluster(x, 1, 2, Double.NaN, 0, 10, 0));
		assertThrows(IllegalArgumentException.class, () -> FuzzyCMeans.cluster(x, 1, 0, 2, 0, 10, 0));
		assertThrows(IllegalArgumentException.class, () -> FuzzyCMeans.cluster(x, 1, 4, 2, 0, 10, 0));
		assertThrows(IllegalArgumentException.class,
				() -> FuzzyCMeans.cluster(new float[] { 1, Float.POSITIVE_INFINITY }, 1, 1, 2, 0, 10, 0));
		assertThrows(IllegalArgumentException.class, () -> FuzzyCMeans.segment(ArrayImgs.floats(2), 3, 2, 0));
		assertThrows(IllegalArgumentException.class, () -> FuzzyCMeans.segment(ArrayImgs.floats(2), 1, 0.5, 0));
	}
}
