package uk.concord.ig;

import org.springframework.web.util.HtmlUtils;

/** The guide's page frame and escaping; plain HTML with a little CSS, readable on a phone and in print. */
final class Html {

	private Html() {}

	static String escape(String text) {
		return text == null ? "" : HtmlUtils.htmlEscape(text);
	}

	static String page(String title, String body) {
		return """
				<!DOCTYPE html>
				<html lang="en"><head><meta charset="utf-8">
				<meta name="viewport" content="width=device-width, initial-scale=1">
				<title>%s · Concord implementation guide</title>
				<style>
				body{font-family:system-ui,sans-serif;max-width:72rem;margin:0 auto;padding:1rem;line-height:1.45;color:#212b32}
				nav{border-bottom:1px solid #d8dde0;margin-bottom:1rem;padding-bottom:.5rem}
				nav a{margin-right:1rem}
				table{border-collapse:collapse;width:100%%;font-size:.9rem}
				th,td{border:1px solid #d8dde0;padding:.3rem .5rem;text-align:left;vertical-align:top}
				th{background:#f0f4f5} code,pre{background:#f0f4f5;padding:.1rem .3rem}
				pre{padding:.75rem;overflow-x:auto} .ms{color:#d5281b;font-weight:bold}
				</style></head><body>
				<nav><a href="/ig/">Concord guide</a><a href="/ig/#profiles">Profiles</a><a href="/ig/#examples">Examples</a>
				<a href="/fhir/metadata">CapabilityStatement</a><a href="/fhir/swagger-ui/">API (Swagger)</a></nav>
				<main>%s</main></body></html>
				"""
				.formatted(escape(title), body);
	}
}
