package org.segmentij.service;

import java.util.List;
import java.util.Map;

import org.scijava.service.SciJavaService;

import ij.ImagePlus;

/**
 * SegmentIJ's techniques: found through SciJava's annotation index, listed with their
 * parameters, and run with parameters given as text (command line, macros) or as values.
 */
public interface SegmentationService extends SciJavaService {

	/** All techniques, sorted by group then label. */
	List<Technique> techniques();

	/**
	 * The technique with this id or menu label (case-insensitive).
	 *
	 * @throws org.segmentij.UsageException naming the closest ids when there is none
	 */
	Technique technique(String idOrLabel);

	/** Runs a technique with parameters given as text; missing ones take their defaults. */
	TechniqueResult run(String id, ImagePlus input, Map<String, String> parameters);

	/** Runs a technique with typed parameter values already checked by the parameter parser. */
	TechniqueResult runParsed(Technique technique, ImagePlus input, Map<String, Object> values);
}
