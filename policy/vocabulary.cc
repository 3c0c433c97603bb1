// The built-in vocabulary tables (see vocabulary.h). Each table is one
// static array written out by hand, held in a function-local static so that
// it is built on first use, whatever the order of static initialisation.
#include "policy/vocabulary.h"

#include <algorithm>

namespace refrain::policy {
namespace {

bool sortedContains(const std::vector<std::string_view>& table,
                    std::string_view key) {
  return std::binary_search(table.begin(), table.end(), key);
}

}  // namespace

// INVARIANT: the territory, EU, EEA and currency tables are sorted in byte
// order and free of duplicates; the lookups below binary-search them.

// The use tree of docs/language.md §4, parents before children.
const std::vector<UseNode>& builtinUses() {
  static const std::vector<UseNode> kUses = {
      {"ai", "", "any AI use"},
      {"ai.train", "ai", "training any model on the work"},
      {"ai.train.generative", "ai.train",
       "training models that generate audio, lyrics or music"},
      {"ai.train.analytic", "ai.train",
       "training recommendation, tagging or classification models; "
       "data mining"},
      {"ai.generate", "ai",
       "generating new content conditioned on the work or the artist"},
      {"ai.generate.voice", "ai.generate",
       "synthesising the artist's voice or vocal likeness"},
      {"ai.generate.style", "ai.generate",
       "generating music \"in the style of\" the artist or work"},
      {"ai.generate.remix", "ai.generate",
       "AI remixes, covers, extensions and other derivatives of the work"},
      {"ai.produce", "ai", "AI production tools applied to the work"},
      {"ai.produce.stems", "ai.produce", "stem separation"},
      {"ai.produce.master", "ai.produce", "AI mixing and mastering"},
      {"ai.engage", "ai", "AI fan engagement"},
      {"ai.engage.personalize", "ai.engage",
       "personalised versions, messages or experiences for fans"},
      {"ai.engage.persona", "ai.engage",
       "a conversational AI persona of the artist"},
  };
  return kUses;
}

bool isUse(std::string_view name) {
  for (const UseNode& u : builtinUses())
    if (u.name == name) return true;
  return false;
}

// ISO 3166-1 alpha-2: the 249 officially assigned codes.
const std::vector<std::string_view>& territoryCodes() {
  static const std::vector<std::string_view> kTerritories = {
      "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT",
      "AU", "AW", "AX", "AZ",
      "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN",
      "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY", "BZ",
      "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO",
      "CR", "CU", "CV", "CW", "CX", "CY", "CZ",
      "DE", "DJ", "DK", "DM", "DO", "DZ",
      "EC", "EE", "EG", "EH", "ER", "ES", "ET",
      "FI", "FJ", "FK", "FM", "FO", "FR",
      "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP",
      "GQ", "GR", "GS", "GT", "GU", "GW", "GY",
      "HK", "HM", "HN", "HR", "HT", "HU",
      "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT",
      "JE", "JM", "JO", "JP",
      "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ",
      "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY",
      "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO",
      "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ",
      "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ",
      "OM",
      "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT",
      "PW", "PY",
      "QA",
      "RE", "RO", "RS", "RU", "RW",
      "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM",
      "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ",
      "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR",
      "TT", "TV", "TW", "TZ",
      "UA", "UG", "UM", "US", "UY", "UZ",
      "VA", "VC", "VE", "VG", "VI", "VN", "VU",
      "WF", "WS",
      "YE", "YT",
      "ZA", "ZM", "ZW",
  };
  return kTerritories;
}

bool isTerritoryCode(std::string_view code) {
  return sortedContains(territoryCodes(), code);
}

// The 27 EU member states (the United Kingdom left on 2020-01-31).
const std::vector<std::string_view>& euMembers() {
  static const std::vector<std::string_view> kEu = {
      "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR",
      "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO",
      "SE", "SI", "SK",
  };
  return kEu;
}

// The EEA: the EU plus Iceland, Liechtenstein and Norway.
const std::vector<std::string_view>& eeaMembers() {
  static const std::vector<std::string_view> kEea = {
      "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR",
      "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO",
      "PL", "PT", "RO", "SE", "SI", "SK",
  };
  return kEea;
}

// ISO 4217 List One: national currencies, fund codes (BOV, CHE, CHW, CLF,
// COU, MXV, USN, UYI, UYW), supranational units (XDR, XSU, XUA, XB*) and
// precious metals (XAU, XAG, XPD, XPT). Codes replaced recently but still
// named in contracts signed before the change (ANG, CUC, SLL, ZWL) stay
// accepted beside their successors (XCG, SLE, ZWG); HRK, withdrawn when
// Croatia adopted the euro in 2023, is gone. XTS (testing) and XXX (no
// currency) are left out on purpose.
const std::vector<std::string_view>& currencyCodes() {
  static const std::vector<std::string_view> kCurrencies = {
      "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN",
      "BAM", "BBD", "BDT", "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BOV",
      "BRL", "BSD", "BTN", "BWP", "BYN", "BZD",
      "CAD", "CDF", "CHE", "CHF", "CHW", "CLF", "CLP", "CNY", "COP", "COU",
      "CRC", "CUC", "CUP", "CVE", "CZK",
      "DJF", "DKK", "DOP", "DZD",
      "EGP", "ERN", "ETB", "EUR",
      "FJD", "FKP",
      "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD",
      "HKD", "HNL", "HTG", "HUF",
      "IDR", "ILS", "INR", "IQD", "IRR", "ISK",
      "JMD", "JOD", "JPY",
      "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT",
      "LAK", "LBP", "LKR", "LRD", "LSL", "LYD",
      "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR",
      "MWK", "MXN", "MXV", "MYR", "MZN",
      "NAD", "NGN", "NIO", "NOK", "NPR", "NZD",
      "OMR",
      "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG",
      "QAR",
      "RON", "RSD", "RUB", "RWF",
      "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SLL", "SOS",
      "SRD", "SSP", "STN", "SVC", "SYP", "SZL",
      "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS",
      "UAH", "UGX", "USD", "USN", "UYI", "UYU", "UYW", "UZS",
      "VED", "VES", "VND", "VUV",
      "WST",
      "XAF", "XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XCD", "XCG", "XDR",
      "XOF", "XPD", "XPF", "XPT", "XSU", "XUA",
      "YER",
      "ZAR", "ZMW", "ZWG", "ZWL",
  };
  return kCurrencies;
}

bool isCurrencyCode(std::string_view code) {
  return sortedContains(currencyCodes(), code);
}

// The roles of docs/language.md §3.3, in the language's order (not sorted).
const std::vector<std::string_view>& roles() {
  static const std::vector<std::string_view> kRoles = {
      "artist", "label", "publisher", "writer", "producer", "platform",
  };
  return kRoles;
}

bool isRole(std::string_view role) {
  const std::vector<std::string_view>& all = roles();
  return std::find(all.begin(), all.end(), role) != all.end();
}

}  // namespace refrain::policy
