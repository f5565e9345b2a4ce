package org.segmentij.command.graph;

import org.segmentij.InputException;

import ij.ImagePlus;

/** Input checks shared by the graph and superpixel commands. */
final class GraphCommands {

	private GraphCommands() {
	}

	static void require2D(ImagePlus imp, String what) {
		if (imp.getStackSize() > 1)
			throw new InputException(what + " works on 2D images; '" + imp.getTitle() + "' has " + imp.getStackSize()
					+ " slices/channels/frames: pick one (Image > Duplicate...) first.");
	}

	/** 2D, or a Z stack without channels or frames. */
	static void require2DOr3D(ImagePlus imp, String what) {
		if (imp.getNChannels() > 1 || imp.getNFrames() > 1)
			throw new InputException(what + " works on 2D images and Z stacks; '" + imp.getTitle()
					+ "' has channels or frames: split them first (Image > Hyperstacks > Reduce Dimensionality...).");
	}
}
