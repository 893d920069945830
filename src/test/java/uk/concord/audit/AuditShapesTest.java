package uk.concord.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The name of the values that audit records share, the same on every server. */
class AuditShapesTest {

	private static AuditIndexValues.Value token(String param, String system, String code) {
		return new AuditIndexValues.Value(param, system, code, false);
	}

	@Test
	void theSameValuesInAnyOrderAreOneShape() {
		List<AuditIndexValues.Value> values = List.of(token("type", "http://dicom.nema.org/resources/ontology/DCM", "rest"),
				token("subtype", "http://hl7.org/fhir/restful-interaction", "search-type"), token("outcome", null, "0"));

		assertThat(AuditShapes.idOf(values)).isEqualTo(AuditShapes.idOf(List.of(values.get(2), values.get(0), values.get(1))));
	}

	@Test
	void valuesThatDifferInAnyPartAreAnotherShape() {
		long shape = AuditShapes.idOf(List.of(token("subtype", "s", "read")));

		assertThat(Set.of(shape, AuditShapes.idOf(List.of(token("subtype", "s", "vread"))),
				AuditShapes.idOf(List.of(token("subtype", "t", "read"))),
				AuditShapes.idOf(List.of(token("subtype", null, "read"))),
				AuditShapes.idOf(List.of(token("action", "s", "read"))),
				AuditShapes.idOf(List.of(token("subtype", "s", "read"), token("outcome", null, "0"))))).hasSize(6);
	}

	@Test
	void valuesCannotRunTogetherIntoAnotherShape() {
		assertThat(AuditShapes.idOf(List.of(token("a", "bc", "d"))))
				.isNotEqualTo(AuditShapes.idOf(List.of(token("a", "b", "cd"))))
				.isNotEqualTo(AuditShapes.idOf(List.of(token("ab", "c", "d"))));
		assertThat(AuditShapes.idOf(List.of(token("p", "", "x")))).isNotEqualTo(AuditShapes.idOf(List.of(token("p", null, "x"))));
	}

	@Test
	void aShapeIsRememberedAsStoredOnlyOnceItsTransactionCommitted() {
		AuditShapes shapes = new AuditShapes();
		assertThat(shapes.isStored(42)).isFalse();

		shapes.committed(Set.of(42L));

		assertThat(shapes.isStored(42)).isTrue();
		assertThat(shapes.isStored(43)).isFalse();
	}
}
