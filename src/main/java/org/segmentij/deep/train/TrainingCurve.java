package org.segmentij.deep.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.ToDoubleFunction;

import javax.imageio.ImageIO;

/**
 * The training curve as a PNG (works headless): training and validation loss on the left axis,
 * validation IoU and Dice (0..1) on the right axis, per epoch.
 */
public final class TrainingCurve {

	private TrainingCurve() {
	}

	public static byte[] png(List<EpochStats> history, String title) {
		int w = 720, h = 420, left = 70, right = 60, top = 40, bottom = 50;
		BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = img.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, w, h);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		g.setColor(Color.BLACK);
		g.drawString(title, left, 22);
		int pw = w - left - right, ph = h - top - bottom;
		g.drawRect(left, top, pw, ph);
		int n = history.size();
		double maxLoss = 0;
		for (EpochStats s : history) {
			if (Double.isFinite(s.trainLoss()))
				maxLoss = Math.max(maxLoss, s.trainLoss());
			if (Double.isFinite(s.valLoss()))
				maxLoss = Math.max(maxLoss, s.valLoss());
		}
		if (maxLoss <= 0)
			maxLoss = 1;
		int maxEpoch = Math.max(1, n == 0 ? 1 : history.get(n - 1).epoch());
		for (int i = 0; i <= 4; i++) {
			int y = top + ph - i * ph / 4;
			g.setColor(new Color(230, 230, 230));
			g.drawLine(left + 1, y, left + pw - 1, y);
			g.setColor(Color.BLACK);
			g.drawString(String.format(java.util.Locale.ROOT, "%.3g", maxLoss * i / 4), 8, y + 4);
			g.drawString(String.format(java.util.Locale.ROOT, "%.2f", i / 4.0), left + pw + 8, y + 4);
		}
		g.drawString("epoch", left + pw / 2 - 15, h - 12);
		for (int e = 1; e <= maxEpoch; e += Math.max(1, maxEpoch / 10))
			g.drawString(Integer.toString(e), x(e, maxEpoch, left, pw) - 4, top + ph + 16);
		g.setStroke(new BasicStroke(2f));
		series(g, history, EpochStats::trainLoss, maxLoss, new Color(31, 119, 180), maxEpoch, left, top, pw, ph);
		series(g, history, EpochStats::valLoss, maxLoss, new Color(255, 127, 14), maxEpoch, left, top, pw, ph);
		series(g, history, EpochStats::valIoU, 1, new Color(44, 160, 44), maxEpoch, left, top, pw, ph);
		series(g, history, EpochStats::valDice, 1, new Color(214, 39, 40), maxEpoch, left, top, pw, ph);
		String[] names = { "train loss", "val loss", "val IoU (right)", "val Dice (right)" };
		Color[] colors = { new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40) };
		for (int i = 0; i < names.length; i++) {
			g.setColor(colors[i]);
			g.fillRect(left + 10 + i * 150, top + 8, 12, 4);
			g.setColor(Color.BLACK);
			g.drawString(names[i], left + 26 + i * 150, top + 14);
		}
		g.dispose();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			ImageIO.write(img, "png", out);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return out.toByteArray();
	}

	private static int x(int epoch, int maxEpoch, int left, int pw) {
		return left + (maxEpoch == 1 ? pw / 2 : (int) Math.round((epoch - 1) * (double) pw / (maxEpoch - 1)));
	}

	private static void series(Graphics2D g, List<EpochStats> h, ToDoubleFunction<EpochStats> f, double max, Color c, int maxEpoch,
			int left, int top, int pw, int ph) {
		g.setColor(c);
		int px = -1, py = -1;
		for (EpochStats s : h) {
			double v = f.applyAsDouble(s);
			if (!Double.isFinite(v)) {
				px = -1;
				continue;
			}
			int x = x(s.epoch(), maxEpoch, left, pw), y = top + ph - (int) Math.round(Math.min(1, v / max) * ph);
			if (px >= 0)
				g.drawLine(px, py, x, y);
			else
				g.fillOval(x - 2, y - 2, 5, 5);
			px = x;
			py = y;
		}
	}
}
