package org.segmentij.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.segmentij.params.ParameterParser;
import org.segmentij.params.ParameterSpec;
import org.segmentij.service.SegmentIJ;
import org.segmentij.service.Technique;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", description = "List every technique and model with its id, menu path and parameters.")
final class ListCommand implements Callable<Integer> {

	@Option(names = "--json", description = "Print JSON instead of a table.")
	boolean json;

	@Override
	public Integer call() {
		List<Technique> techniques = SegmentIJ.segmentation().techniques();
		if (json) {
			Map<String, Object> root = new LinkedHashMap<>();
			List<Object> list = new ArrayList<>();
			for (Technique t : techniques)
				list.add(describe(t));
			root.put("techniques", list);
			root.put("models", List.of());
			System.out.print(Json.write(root));
			return Main.OK;
		}
		String group = null;
		for (Technique t : techniques) {
			if (!t.group().equals(group)) {
				group = t.group();
				System.out.println(group);
			}
			System.out.printf("  %-20s %-24s %s%n", t.id(), t.label(), t.description());
			for (ParameterSpec p : t.parameters())
				System.out.printf("      %-18s %-8s default %-10s %s%s%n", p.key(), p.typeName(),
						ParameterParser.format(p.defaultValue()), range(p), p.description());
		}
		System.out.println("Models: none installed yet.");
		return Main.OK;
	}

	private static String range(ParameterSpec p) {
		if (!p.choices().isEmpty())
			return "{" + String.join(", ", p.choices()) + "} ";
		if (p.min() == null && p.max() == null)
			return "";
		return "[" + (p.min() == null ? "" : ParameterParser.format(p.min())) + ".."
				+ (p.max() == null ? "" : ParameterParser.format(p.max())) + "] ";
	}

	static Map<String, Object> describe(Technique t) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("id", t.id());
		m.put("label", t.label());
		m.put("menu_path", t.menuPath());
		m.put("group", t.group());
		m.put("description", t.description());
		m.put("macro", "run(\"" + t.label() + "\", \"...\")");
		List<Object> params = new ArrayList<>();
		for (ParameterSpec p : t.parameters()) {
			Map<String, Object> pm = new LinkedHashMap<>();
			pm.put("key", p.key());
			pm.put("label", p.label());
			pm.put("type", p.typeName());
			pm.put("default", p.defaultValue() instanceof Enum<?> e ? e.toString() : p.defaultValue());
			pm.put("min", p.min());
			pm.put("max", p.max());
			pm.put("choices", p.choices());
			pm.put("description", p.description());
			params.add(pm);
		}
		m.put("parameters", params);
		return m;
	}
}
