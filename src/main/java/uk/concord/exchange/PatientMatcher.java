package uk.concord.exchange;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import uk.concord.record.Vocabulary;

/**
 * Finds stored patients that are the person described by an input Patient, as FHIR R4's {@code Patient/$match}:
 * <ul>
 *   <li>the same NHS Number is a {@link Grade#CERTAIN certain} match;</li>
 *   <li>without an NHS Number in the input: the same family name (case-insensitive), birth date and postcode
 *       (upper-case, without spaces) is {@link Grade#PROBABLE probable}; family name and birth date alone are
 *       {@link Grade#POSSIBLE possible}.</li>
 * </ul>
 * Candidates come from the JPA search (identifier; family + birthdate), run with the caller's request so that the
 * same access rules apply as to any search. Exact family name and postcode are then compared here: HAPI's
 * {@code family} search is a prefix match and {@code address-postalcode} keeps spaces, so neither can say
 * "Bennett = BENNETT" or "N1 9ZZ = N19ZZ" on its own.
 */
public class PatientMatcher {

	public static final String NHS_NUMBER_SYSTEM = Vocabulary.NHS_NUMBER;

	/** Most candidates read for one demographic query; family + birth date rarely has more than a handful. */
	static final int MAX_CANDIDATES = 500;

	public enum Grade {
		CERTAIN("certain", 1.0),
		PROBABLE("probable", 0.9),
		POSSIBLE("possible", 0.6);

		private final String code;
		private final double score;

		Grade(String code, double score) {
			this.code = code;
			this.score = score;
		}

		public String code() {
			return code;
		}

		public double score() {
			return score;
		}
	}

	public record Match(Patient patient, Grade grade) {}

	private final DaoRegistry daos;

	public PatientMatcher(DaoRegistry daos) {
		this.daos = daos;
	}

	/** Matches, best first; with {@code onlyCertain} only certain ones; at most {@code count}. */
	public List<Match> match(Patient input, boolean onlyCertain, int count, RequestDetails request) {
		Optional<String> nhsNumber = nhsNumber(input);
		List<Match> matches = nhsNumber.isPresent()
				? byNhsNumber(nhsNumber.get(), request)
				: byDemographics(input, request);
		return matches.stream()
				.filter(m -> !onlyCertain || m.grade() == Grade.CERTAIN)
				.sorted(Comparator.comparing((Match m) -> m.grade().ordinal())
						.thenComparing(m -> m.patient().getIdElement().getIdPart()))
				.limit(count)
				.toList();
	}

	/** The input's NHS Number, spaces removed; a present but invalid one is a client error. */
	static Optional<String> nhsNumber(Patient input) {
		for (Identifier identifier : input.getIdentifier()) {
			if (NHS_NUMBER_SYSTEM.equals(identifier.getSystem()) && identifier.hasValue()) {
				String value = identifier.getValue().replace(" ", "");
				if (!isValidNhsNumber(value)) {
					throw new InvalidRequestException("The input Patient's NHS Number '" + identifier.getValue()
							+ "' is not a valid NHS Number (10 digits with a Modulus 11 check digit)");
				}
				return Optional.of(value);
			}
		}
		return Optional.empty();
	}

	static boolean isValidNhsNumber(String value) {
		if (value == null || !value.matches("\\d{10}")) {
			return false;
		}
		int sum = 0;
		for (int i = 0; i < 9; i++) {
			sum += (value.charAt(i) - '0') * (10 - i);
		}
		int check = 11 - (sum % 11);
		if (check == 11) {
			check = 0;
		}
		return check != 10 && check == value.charAt(9) - '0';
	}

	private List<Match> byNhsNumber(String nhsNumber, RequestDetails request) {
		SearchParameterMap search = SearchParameterMap.newSynchronous();
		search.add(Patient.SP_IDENTIFIER, new TokenParam(NHS_NUMBER_SYSTEM, nhsNumber));
		return patients(search, request).stream().map(p -> new Match(p, Grade.CERTAIN)).toList();
	}

	private List<Match> byDemographics(Patient input, RequestDetails request) {
		List<String> families = input.getName().stream()
				.map(HumanName::getFamily)
				.filter(Objects::nonNull)
				.map(String::trim)
				.filter(f -> !f.isEmpty())
				.distinct()
				.toList();
		if (families.isEmpty() || !input.hasBirthDateElement() || input.getBirthDateElement().isEmpty()) {
			throw new InvalidRequestException("The input Patient has no NHS Number (system " + NHS_NUMBER_SYSTEM
					+ ") and not enough demographics to match on: a family name and a birthDate are required"
					+ " (a postcode in address.postalCode makes a match probable rather than possible)");
		}
		String birthDate = input.getBirthDateElement().getValueAsString();
		List<String> postcodes = postcodes(input);

		Map<String, Match> matches = new LinkedHashMap<>();
		for (String family : families) {
			SearchParameterMap search = SearchParameterMap.newSynchronous();
			search.setLoadSynchronousUpTo(MAX_CANDIDATES);
			search.add(Patient.SP_FAMILY, new StringParam(family));
			search.add(Patient.SP_BIRTHDATE, new DateParam(ParamPrefixEnum.EQUAL, birthDate));
			for (Patient candidate : patients(search, request)) {
				if (!birthDate.equals(candidate.getBirthDateElement().getValueAsString())
						|| candidate.getName().stream().noneMatch(n -> family.equalsIgnoreCase(trim(n.getFamily())))) {
					continue;
				}
				boolean samePostcode = postcodes(candidate).stream().anyMatch(postcodes::contains);
				Match match = new Match(candidate, samePostcode ? Grade.PROBABLE : Grade.POSSIBLE);
				matches.merge(candidate.getIdElement().getIdPart(), match,
						(a, b) -> a.grade().ordinal() <= b.grade().ordinal() ? a : b);
			}
		}
		return new ArrayList<>(matches.values());
	}

	private List<Patient> patients(SearchParameterMap search, RequestDetails request) {
		IFhirResourceDao<Patient> dao = daos.getResourceDao(Patient.class);
		IBundleProvider found = dao.search(search, request);
		List<IBaseResource> resources = found.getAllResources();
		List<Patient> patients = new ArrayList<>(resources.size());
		for (IBaseResource resource : resources) {
			if (resource instanceof Patient patient) {
				patients.add(patient);
			}
		}
		return patients;
	}

	private static List<String> postcodes(Patient patient) {
		return patient.getAddress().stream()
				.map(Address::getPostalCode)
				.map(PatientMatcher::normalisePostcode)
				.filter(p -> !p.isEmpty())
				.distinct()
				.toList();
	}

	static String normalisePostcode(String postcode) {
		return postcode == null ? "" : postcode.replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
	}

	private static String trim(String value) {
		return value == null ? "" : value.trim();
	}
}
