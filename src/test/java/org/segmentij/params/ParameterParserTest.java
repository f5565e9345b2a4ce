package org.segmentij.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.segmentij.UsageException;

class ParameterParserTest {

	private static final List<ParameterSpec> SPECS = List.of(
			new ParameterSpec("sigma", "Sigma", double.class, 2.0, 0.0, 100.0, null, "blur"),
			new ParameterSpec("k", "K", int.class, 3, 1.0, null, null, "classes"),
			new ParameterSpec("dark_objects", "Dark objects", boolean.class, false, null, null, null, ""),
			new ParameterSpec("method", "Method", String.class, "Otsu", null, null, List.of("Otsu", "Li"), ""),
			new ParameterSpec("upper", "Upper", double.class, Double.POSITIVE_INFINITY, null, null, null, ""));

	@Test
	void defaultsFillMissingValues() {
		Map<String, Object> v = ParameterParser.parse("t", SPECS, Map.of());
		assertEquals(2.0, v.get("sigma"));
		assertEquals(3, v.get("k"));
		assertEquals(false, v.get("dark_objects"));
		assertEquals("Otsu", v.get("method"));
	}

	@Test
	void textIsConvertedAndValidated() {
		Map<String, Object> v = ParameterParser.parse("t", SPECS,
				Map.of("sigma", "0.5", "k", "7", "dark_objects", "yes", "method", "li", "upper", "Infinity"));
		assertEquals(0.5, v.get("sigma"));
		assertEquals(7, v.get("k"));
		assertEquals(true, v.get("dark_objects"));
		assertEquals("Li", v.get("method"));
		assertEquals(Double.POSITIVE_INFINITY, v.get("upper"));
	}

	@Test
	void badValuesGiveMessagesNamingTheParameterAndAnExample() {
		UsageException e = assertThrows(UsageException.class, () -> ParameterParser.parse("gauss", SPECS, Map.of("sigma", "-1")));
		assertTrue(e.getMessage().contains("'sigma'") && e.getMessage().contains("between 0 and 100")
				&& e.getMessage().contains("Example: sigma=2"), e.getMessage());
		e = assertThrows(UsageException.class, () -> ParameterParser.parse("gauss", SPECS, Map.of("k", "2.5")));
		assertTrue(e.getMessage().contains("whole number"), e.getMessage());
		e = assertThrows(UsageException.class, () -> ParameterParser.parse("gauss", SPECS, Map.of("k", "0")));
		assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
		e = assertThrows(UsageException.class, () -> ParameterParser.parse("gauss", SPECS, Map.of("sigma", "abc")));
		assertTrue(e.getMessage().contains("must be a number"), e.getMessage());
		e = assertThrows(UsageException.class, () -> ParameterParser.parse("gauss", SPECS, Map.of("method", "Foo")));
		assertTrue(e.getMessage().contains("one of Otsu, Li"), e.getMessage());
		e = assertThrows(UsageException.class, () -> ParameterParser.parse("gauss", SPECS, Map.of("sigmaa", "1")));
		assertTrue(e.getMessage().contains("Unknown parameter 'sigmaa'") && e.getMessage().contains("sigma, k"), e.getMessage());
		e = assertThrows(UsageException.class, () -> ParameterParser.parse("gauss", SPECS, Map.of("dark_objects", "maybe")));
		assertTrue(e.getMessage().contains("true or false"), e.getMessage());
	}

	@Test
	void assignmentsFromTheCommandLine() {
		assertEquals(Map.of("a", "1", "b", "x=y"), ParameterParser.parseAssignments(List.of("a=1", "b=x=y")));
		assertThrows(UsageException.class, () -> ParameterParser.parseAssignments(List.of("novalue")));
		assertThrows(UsageException.class, () -> ParameterParser.parseAssignments(List.of("a=1", "a=2")));
	}

	@Test
	void macroOptionsFollowImageJRules() {
		Map<String, String> m = MacroOptions.split("sigma=1.5 dark_objects method=[Li] title=[two words] path='a b'");
		assertEquals("1.5", m.get("sigma"));
		assertEquals("true", m.get("dark_objects"));
		assertEquals("Li", m.get("method"));
		assertEquals("two words", m.get("title"));
		assertEquals("a b", m.get("path"));
		// a checkbox not named in a macro is unchecked
		assertEquals("false", MacroOptions.values(SPECS, "sigma=1").get("dark_objects"));
		assertThrows(UsageException.class, () -> MacroOptions.split("title=[open"));
	}

	@Test
	void recordedOptionsReplayToTheSameValues() {
		Map<String, String> given = new LinkedHashMap<>(Map.of("sigma", "0.25", "k", "12", "dark_objects", "true", "method", "Li"));
		Map<String, Object> values = ParameterParser.parse("t", SPECS, given);
		String recorded = MacroOptions.format(SPECS, values);
		assertEquals("sigma=0.25 k=12 dark_objects method=Li upper=Infinity", recorded);
		assertEquals(values, ParameterParser.parse("t", SPECS, MacroOptions.values(SPECS, recorded)));
	}
}
