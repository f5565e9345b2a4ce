package org.segmentij.spark;

import java.io.Serializable;

import org.segmentij.UsageException;

/**
 * A 2D image cut into tiles for tasks: the image is covered by non-overlapping <i>cores</i> of
 * {@code tile} × {@code tile} pixels (smaller at the right and bottom edges), and each tile is
 * processed on its core grown by {@code halo} pixels on every side (clipped to the image), its
 * <i>extended</i> region. Only the core's pixels of a tile's result are kept.
 */
public record TileGrid(int width, int height, int tile, int halo) implements Serializable {

	private static final long serialVersionUID = 1L;

	/**
	 * One tile: core [x0, x1) × [y0, y1), extended region [ex0, ex1) × [ey0, ey1).
	 */
	public record Tile(int index, int x0, int y0, int x1, int y1, int ex0, int ey0, int ex1, int ey1) implements Serializable {

		private static final long serialVersionUID = 1L;

		public int coreWidth() {
			return x1 - x0;
		}

		public int coreHeight() {
			return y1 - y0;
		}

		public int extWidth() {
			return ex1 - ex0;
		}

		public int extHeight() {
			return ey1 - ey0;
		}

		public boolean inCore(int x, int y) {
			return x >= x0 && x < x1 && y >= y0 && y < y1;
		}
	}

	public TileGrid {
		if (width < 1 || height < 1)
			throw new UsageException("An image to tile needs pixels (got " + width + " x " + height + ").");
		if (tile < 16)
			throw new UsageException("The tile size must be at least 16 pixels (got " + tile + "); use e.g. --tile 2048.");
		if (halo < 0 || halo >= tile)
			throw new UsageException("The halo must lie in [0, tile size) (got " + halo + " with tile " + tile + "); use e.g. --halo 32.");
	}

	public int columns() {
		return (width + tile - 1) / tile;
	}

	public int rows() {
		return (height + tile - 1) / tile;
	}

	public int count() {
		return columns() * rows();
	}

	public Tile tile(int index) {
		int tx = index % columns(), ty = index / columns();
		int x0 = tx * tile, y0 = ty * tile, x1 = Math.min(width, x0 + tile), y1 = Math.min(height, y0 + tile);
		return new Tile(index, x0, y0, x1, y1, Math.max(0, x0 - halo), Math.max(0, y0 - halo), Math.min(width, x1 + halo),
				Math.min(height, y1 + halo));
	}

	/** The tile whose core holds pixel (x, y). */
	public int owner(int x, int y) {
		return (y / tile) * columns() + x / tile;
	}
}
