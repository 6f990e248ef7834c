"""The discovery document of our Fact Check Tools compatible endpoint, in the format of
Google's API Discovery Service: what Google's client libraries read to know an API's
methods, parameters and responses. Served with ``rootUrl`` set to this site, so that
``build("factchecktools", "v1alpha1", discoveryServiceUrl=...)`` talks to us.

It describes what we serve (``claims.search``) and nothing of Google's we do not
(ClaimReview markup pages, image search); it asks for no OAuth scope, as our reads
need no credentials (a document naming scopes makes the client look for some)."""

from __future__ import annotations

from typing import Any

VERSION = "v1alpha1"
# The day this document last changed, as Google dates its discovery documents' revisions.
REVISION = "20250601"
PREFIX = "GoogleFactcheckingFactchecktoolsV1alpha1"

# Google's system parameters, which every Google API takes: accepted, and ignored but for
# `key` (any key is welcome) and `alt` (JSON only).
SYSTEM_PARAMETERS: dict[str, dict[str, Any]] = {
    "$.xgafv": {
        "description": "V1 error format. Accepted and ignored: errors are always in the V2 format.",
        "enum": ["1", "2"],
        "enumDescriptions": ["v1 error format", "v2 error format"],
        "location": "query",
        "type": "string",
    },
    "access_token": {
        "description": "OAuth access token. Accepted and ignored: reads need no credentials.",
        "location": "query",
        "type": "string",
    },
    "alt": {
        "default": "json",
        "description": "Data format for the response: JSON.",
        "enum": ["json"],
        "enumDescriptions": ["Responses with Content-Type of application/json"],
        "location": "query",
        "type": "string",
    },
    "callback": {
        "description": "JSONP. Accepted and ignored: use CORS, which every response allows.",
        "location": "query",
        "type": "string",
    },
    "fields": {
        "description": "Selector specifying which fields to include in a partial response. "
        "Accepted and ignored: the whole response is sent.",
        "location": "query",
        "type": "string",
    },
    "key": {
        "description": "API key. Accepted and ignored: reads need no key.",
        "location": "query",
        "type": "string",
    },
    "oauth_token": {
        "description": "OAuth 2.0 token. Accepted and ignored: reads need no credentials.",
        "location": "query",
        "type": "string",
    },
    "prettyPrint": {
        "default": "true",
        "description": "Returns response with indentations and line breaks. Accepted and "
        "ignored: responses are compact.",
        "location": "query",
        "type": "boolean",
    },
    "quotaUser": {
        "description": "Accepted and ignored: requests are counted per client address.",
        "location": "query",
        "type": "string",
    },
    "uploadType": {
        "description": "Legacy upload protocol for media. Accepted and ignored.",
        "location": "query",
        "type": "string",
    },
    "upload_protocol": {
        "description": "Upload protocol for media. Accepted and ignored.",
        "location": "query",
        "type": "string",
    },
}

SEARCH_PARAMETERS: dict[str, dict[str, Any]] = {
    "languageCode": {
        "description": 'A BCP-47 language code, such as "en-US" or "sr-Latn": claims in '
        "that language, whatever their region (the primary subtags are compared).",
        "location": "query",
        "type": "string",
    },
    "maxAgeDays": {
        "description": "The maximum age of the results, in days: a claim's age is that of "
        "its claim date or its review date, whichever is newer.",
        "format": "int32",
        "location": "query",
        "type": "integer",
    },
    "offset": {
        "description": "Results to skip, when no pageToken is given: 0 starts at the "
        "first result, 10 at the eleventh.",
        "format": "int32",
        "location": "query",
        "type": "integer",
    },
    "pageSize": {
        "description": "Results per page, 1 to 100; 10 when not set.",
        "format": "int32",
        "location": "query",
        "type": "integer",
    },
    "pageToken": {
        "description": "The nextPageToken of the previous response, for the next page; "
        "the other parameters must stay the same.",
        "location": "query",
        "type": "string",
    },
    "query": {
        "description": "The text to search. Required unless reviewPublisherSiteFilter is given.",
        "location": "query",
        "type": "string",
    },
    "reviewPublisherSiteFilter": {
        "description": "Only reviews by the publisher of this site, e.g. politifact.com.",
        "location": "query",
        "type": "string",
    },
}

SCHEMAS: dict[str, dict[str, Any]] = {
    f"{PREFIX}Claim": {
        "description": "A claim and the reviews of it.",
        "id": f"{PREFIX}Claim",
        "properties": {
            "claimDate": {
                "description": "When the claim was made.",
                "format": "google-datetime",
                "type": "string",
            },
            "claimReview": {
                "description": "The reviews of this claim.",
                "items": {"$ref": f"{PREFIX}ClaimReview"},
                "type": "array",
            },
            "claimant": {
                "description": "Who made the claim (absent for an unattributed one).",
                "type": "string",
            },
            "text": {"description": "The claim.", "type": "string"},
        },
        "type": "object",
    },
    f"{PREFIX}ClaimReview": {
        "description": "One review of a claim.",
        "id": f"{PREFIX}ClaimReview",
        "properties": {
            "languageCode": {
                "description": "The language of the review, a BCP-47 tag such as `en`.",
                "type": "string",
            },
            "publisher": {
                "$ref": f"{PREFIX}Publisher",
                "description": "Who published the review.",
            },
            "reviewDate": {
                "description": "When the review was first published.",
                "format": "google-datetime",
                "type": "string",
            },
            "textualRating": {"description": "The rating, in words.", "type": "string"},
            "title": {
                "description": "The review's headline (absent when it is not known).",
                "type": "string",
            },
            "url": {"description": "The review's page.", "type": "string"},
        },
        "type": "object",
    },
    f"{PREFIX}FactCheckedClaimSearchResponse": {
        "description": "The answer to a search of fact-checked claims.",
        "id": f"{PREFIX}FactCheckedClaimSearchResponse",
        "properties": {
            "claims": {
                "description": "The claims found, with their reviews.",
                "items": {"$ref": f"{PREFIX}Claim"},
                "type": "array",
            },
            "nextPageToken": {
                "description": "The pageToken of the next page; absent on the last page.",
                "type": "string",
            },
        },
        "type": "object",
    },
    f"{PREFIX}Publisher": {
        "description": "The publisher of a review.",
        "id": f"{PREFIX}Publisher",
        "properties": {
            "name": {"description": "The publisher's name.", "type": "string"},
            "site": {
                "description": 'The publisher\'s site, without scheme or "www.", '
                'e.g. "politifact.com".',
                "type": "string",
            },
        },
        "type": "object",
    },
}


def discovery_document(*, root: str, owner: str, documentation: str) -> dict[str, Any]:
    """The document, for a site at ``root`` (an absolute URL ending in ``/``)."""
    return {
        "kind": "discovery#restDescription",
        "discoveryVersion": "v1",
        "id": f"factchecktools:{VERSION}",
        "name": "factchecktools",
        "canonicalName": "Fact Check Tools",
        "version": VERSION,
        "revision": REVISION,
        "title": "Fact Check Tools API (compatible)",
        "description": f"Fact-checked claims published or held by {owner}, searched as "
        "Google's Fact Check Tools API searches its own.",
        "ownerName": owner,
        "documentationLink": documentation,
        "protocol": "rest",
        "rootUrl": root,
        "mtlsRootUrl": root,
        "servicePath": "",
        "baseUrl": root,
        "basePath": "",
        "fullyEncodeReservedExpansion": True,
        "parameters": SYSTEM_PARAMETERS,
        "resources": {
            "claims": {
                "methods": {
                    "search": {
                        "description": "Search through fact-checked claims.",
                        "flatPath": f"{VERSION}/claims:search",
                        "httpMethod": "GET",
                        "id": "factchecktools.claims.search",
                        "parameterOrder": [],
                        "parameters": SEARCH_PARAMETERS,
                        "path": f"{VERSION}/claims:search",
                        "response": {"$ref": f"{PREFIX}FactCheckedClaimSearchResponse"},
                    }
                }
            }
        },
        "schemas": SCHEMAS,
    }
