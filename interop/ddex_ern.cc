#include "interop/ddex_ern.h"

#include <algorithm>
#include <map>
#include <set>

#include "interop/xml_source.h"

namespace refrain::interop {

namespace {

// ERN 4 qualifies only the root element: children are matched by local name.
pugi::xml_node child(const pugi::xml_node& n, std::string_view name) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && localName(c) == name) return c;
  return {};
}
std::vector<pugi::xml_node> children(const pugi::xml_node& n, std::string_view name) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && localName(c) == name) out.push_back(c);
  return out;
}
// xs:boolean's true: `true` or `1`.
bool isTrue(const pugi::xml_attribute& a) {
  std::string_view v = a.value();
  return v == "true" || v == "1";
}
// Of elements repeated per language or territory, the one meant by
// default: `IsDefault="true"`, else one for no territory, else the first.
pugi::xml_node preferred(const std::vector<pugi::xml_node>& options) {
  for (const pugi::xml_node& n : options)
    if (isTrue(n.attribute("IsDefault"))) return n;
  for (const pugi::xml_node& n : options)
    if (!n.attribute("ApplicableTerritoryCode") || std::string_view(n.attribute("ApplicableTerritoryCode").value()) == "Worldwide")
      return n;
  return options.empty() ? pugi::xml_node() : options.front();
}
bool isDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// YYYY-MM-DD naming a day that exists.
bool isCalendarDate(std::string_view d) {
  if (d.size() != 10 || !isDigits(d.substr(0, 4)) || d[4] != '-' || !isDigits(d.substr(5, 2)) || d[7] != '-' ||
      !isDigits(d.substr(8, 2)))
    return false;
  int year = std::stoi(std::string(d.substr(0, 4))), month = std::stoi(std::string(d.substr(5, 2))),
      day = std::stoi(std::string(d.substr(8, 2)));
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}
// YYYY or YYYY-MM, which DDEX allows and a catalog date does not.
bool isPartialDate(std::string_view d) {
  if (d.size() == 4) return isDigits(d);
  return d.size() == 7 && isDigits(d.substr(0, 4)) && d[4] == '-' && isDigits(d.substr(5, 2)) &&
         std::stoi(std::string(d.substr(5, 2))) >= 1 && std::stoi(std::string(d.substr(5, 2))) <= 12;
}

struct Version {
  const char* namespaceUri;
  const char* name;
  int order;  // for "from 4.3 on"
};
constexpr Version kVersions[] = {{"http://ddex.net/xml/ern/41", "4.1", 410},   {"http://ddex.net/xml/ern/411", "4.1.1", 411},
                                 {"http://ddex.net/xml/ern/42", "4.2", 420},   {"http://ddex.net/xml/ern/43", "4.3", 430},
                                 {"http://ddex.net/xml/ern/431", "4.3.1", 431}, {"http://ddex.net/xml/ern/432", "4.3.2", 432}};

struct Party {
  DdexPartyIds ids;
  std::string refrainId;
};

struct ReleaseContext {
  std::string genre, releaseDate, containsAi;
  std::vector<pugi::xml_node> labels;  // ReleaseLabelReference elements
};

// A rights controller of a recording: its party and percentage, if given.
struct Controller {
  std::string party, percent;  // percent: "75%" or empty
  pugi::xml_node at;
};

class Reader {
 public:
  Reader(std::string_view fileName, std::string_view bytes, const PartyMap& parties, const ErnLimits& limits,
         ErnImport* out, std::vector<std::string>* errors)
      : source_(fileName, bytes), map_(parties), limits_(limits), out_(out), errors_(errors) {}

  bool run() {
    if (!source_.load({limits_.maxBytes, limits_.maxDepth}, {"the message", "DDEX messages are", "a DDEX message"},
                      errors_))
      return false;
    pugi::xml_node root = source_.root();
    if (localName(root) != "NewReleaseMessage")
      return fail(root, "expected a NewReleaseMessage, found `" + std::string(root.name()) + "`");
    if (!findVersion(root)) return false;
    readParties(child(root, "PartyList"));
    readReleases(child(root, "ReleaseList"));
    pugi::xml_node resources = child(root, "ResourceList");
    if (!resources) error(root, "a NewReleaseMessage needs a ResourceList");
    for (const pugi::xml_node& r : children(resources, "SoundRecording")) readRecording(r);
    if (errors_->size() != errorsBefore_) {
      out_->works.clear();
      return false;
    }
    return true;
  }

 private:
  // --- messages ---

  bool fail(const pugi::xml_node& n, const std::string& why) {
    errors_->push_back(source_.error(n, why));
    return false;
  }
  void error(const pugi::xml_node& n, const std::string& why) { fail(n, why); }
  void warn(const pugi::xml_node& n, const std::string& why) {
    out_->warnings.push_back(source_.position(n) + ": warning: " + why);
  }

  bool findVersion(const pugi::xml_node& root) {
    std::string_view name = root.name();
    size_t colon = name.find(':');
    std::string attr = colon == std::string_view::npos ? "xmlns" : "xmlns:" + std::string(name.substr(0, colon));
    std::string uri = root.attribute(attr.c_str()).value();
    for (const Version& v : kVersions)
      if (uri == v.namespaceUri) {
        version_ = &v;
        out_->version = v.name;
        return true;
      }
    std::string supported = "ERN 4.1, 4.1.1, 4.2, 4.3, 4.3.1 and 4.3.2";
    if (uri.rfind("http://ddex.net/xml/ern/3", 0) == 0)
      return fail(root, "unsupported message version: ERN 3 (" + uri + "); this import reads " + supported);
    return fail(root, "unsupported message version: namespace `" + uri + "`; this import reads " + supported);
  }
  bool atLeast(int order) const { return version_->order >= order; }

  // --- parties ---

  DdexPartyIds idsOf(const pugi::xml_node& holder) {
    DdexPartyIds ids;
    for (const pugi::xml_node& name : children(holder, "PartyName"))
      if (std::string full = trimmedText(child(name, "FullName")); !full.empty()) ids.names.push_back(full);
    for (const pugi::xml_node& id : children(holder, "PartyId")) {
      std::string isni = trimmedText(child(id, "ISNI"));
      isni.erase(std::remove(isni.begin(), isni.end(), ' '), isni.end());
      if (ids.isni.empty()) ids.isni = isni;
      if (ids.ipi.empty()) ids.ipi = trimmedText(child(id, "IpiNameNumber"));
      if (ids.dpid.empty()) ids.dpid = trimmedText(child(id, "DPID"));
      for (const pugi::xml_node& p : children(id, "ProprietaryId")) {
        std::string ns = p.attribute("Namespace").value(), value = trimmedText(p);
        if (ns.empty() || value.empty()) {
          error(p, "a ProprietaryId needs its Namespace attribute and a value");
          continue;
        }
        ids.proprietary.push_back(ns + ":" + value);
      }
    }
    return ids;
  }

  std::string refrainIdOf(const DdexPartyIds& ids, const pugi::xml_node& at) {
    std::string id = map_.find(ids);
    if (id.empty()) id = derivedPartyId(ids);
    if (id.empty()) error(at, "the party has no PartyId and no PartyName: nothing identifies it");
    return id;
  }

  void readParties(const pugi::xml_node& list) {
    if (!list) return;
    for (const pugi::xml_node& p : children(list, "Party")) {
      std::string ref = trimmedText(child(p, "PartyReference"));
      if (ref.empty()) {
        error(p, "a Party needs a PartyReference");
        continue;
      }
      Party party{idsOf(p), ""};
      party.refrainId = refrainIdOf(party.ids, p);
      if (!parties_.emplace(ref, party).second) error(child(p, "PartyReference"), "party reference `" + ref + "` is given twice");
    }
  }

  // The Refrain party a `P…` reference element names, or "" (reported).
  std::string partyAt(const pugi::xml_node& reference) {
    std::string ref = trimmedText(reference);
    auto at = parties_.find(ref);
    if (at == parties_.end()) {
      error(reference, "unknown party reference `" + ref + "`: no Party in the PartyList has it");
      return "";
    }
    return at->second.refrainId;
  }

  // --- releases ---

  ReleaseContext contextOf(const pugi::xml_node& release) {
    ReleaseContext c;
    std::vector<pugi::xml_node> genres = children(release, atLeast(431) ? "DisplayGenre" : "Genre");
    if (genres.empty()) genres = children(release, atLeast(431) ? "Genre" : "DisplayGenre");  // lenient on the name
    if (pugi::xml_node g = preferred(genres)) c.genre = trimmedText(child(g, "GenreText"));
    std::vector<pugi::xml_node> dates = children(release, "OriginalReleaseDate");
    if (dates.empty()) dates = children(release, "ReleaseDate");
    if (pugi::xml_node d = preferred(dates)) {
      std::string date = trimmedText(d);
      if (isCalendarDate(date)) c.releaseDate = date;
      else if (isPartialDate(date)) warn(d, "release date `" + date + "` is not a full date (YYYY-MM-DD); its works get no release_date");
      else error(d, "release date `" + date + "` is not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
    }
    if (pugi::xml_node ai = child(release, "ContainsAI")) c.containsAi = containsAi(ai);
    c.labels = children(release, "ReleaseLabelReference");
    return c;
  }

  // Nested groups (discs, sides) recurse; checkDepth() has bounded the nesting.
  void collectResources(const pugi::xml_node& group, const ReleaseContext& c) {
    for (const pugi::xml_node& item : children(group, "ResourceGroupContentItem"))
      if (std::string ref = trimmedText(child(item, "ReleaseResourceReference")); !ref.empty()) contexts_.emplace(ref, c);
    for (const pugi::xml_node& inner : children(group, "ResourceGroup")) collectResources(inner, c);
  }

  void readReleases(const pugi::xml_node& list) {
    if (!list) return;
    // The main release first: its context wins over a track release's.
    for (const pugi::xml_node& r : children(list, "Release")) collectResources(child(r, "ResourceGroup"), contextOf(r));
    for (const pugi::xml_node& t : children(list, "TrackRelease"))
      if (std::string ref = trimmedText(child(t, "ReleaseResourceReference")); !ref.empty()) contexts_.emplace(ref, contextOf(t));
  }

  std::string containsAi(const pugi::xml_node& n) {
    std::string v = trimmedText(n);
    if (v == "All") return "all";
    if (v == "Partly") return "partly";
    if (v == "None") return "none";
    error(n, "ContainsAI is All, Partly or None, not `" + v + "`");
    return "";
  }

  // --- sound recordings ---

  void readRecording(const pugi::xml_node& r) {
    std::string ref = trimmedText(child(r, "ResourceReference"));
    CatalogWork w;
    if (!readIsrc(r, ref, &w)) return;
    if (!isrcs_.insert(w.isrc).second) return error(r, "ISRC " + w.isrc + " is given to a second SoundRecording");
    w.id = w.isrc;
    std::vector<pugi::xml_node> titles = children(r, "DisplayTitleText");
    if (pugi::xml_node t = preferred(titles)) w.title = trimmedText(t);
    else if (pugi::xml_node t = preferred(children(r, "DisplayTitle"))) w.title = trimmedText(child(t, "TitleText"));

    ReleaseContext context;
    if (auto at = contexts_.find(ref); at != contexts_.end()) context = at->second;
    w.genre = context.genre;
    w.releaseDate = context.releaseDate;
    std::string ai = context.containsAi;
    if (pugi::xml_node own = child(r, "ContainsAI")) ai = containsAi(own);
    w.containsAi = ai;

    std::vector<CatalogHolder> artists, writers, producers;
    auto add = [&](std::vector<CatalogHolder>& to, const std::string& party, const std::string& role) {
      if (party.empty()) return;
      for (const CatalogHolder& h : to)
        if (h.party == party) return;
      to.push_back({party, role, ""});
    };
    std::vector<pugi::xml_node> shown = children(r, "DisplayArtist");
    std::stable_sort(shown.begin(), shown.end(), [](const pugi::xml_node& a, const pugi::xml_node& b) {
      return a.attribute("SequenceNumber").as_llong(0) < b.attribute("SequenceNumber").as_llong(0);
    });
    for (const pugi::xml_node& d : shown) {
      pugi::xml_node ref = child(d, "ArtistPartyReference");
      if (!ref) continue;  // a SpecialDisplayArtist (various artists, generative AI) is no party
      std::string role = trimmedText(child(d, "DisplayArtistRole"));
      if (role == "MainArtist" || role == "Artist" || role == "FeaturedArtist") add(artists, partyAt(ref), "artist");
      else if (role == "Composer") add(writers, partyAt(ref), "writer");
    }
    std::vector<pugi::xml_node> contributors = children(r, "Contributor");
    for (const pugi::xml_node& e : children(r, "SoundRecordingEdition"))
      for (const pugi::xml_node& c : children(e, "EditionContributor")) contributors.push_back(c);
    for (const pugi::xml_node& c : contributors) {
      pugi::xml_node ref = child(c, "ContributorPartyReference");
      if (!ref) continue;  // a SpecialContributor
      for (const pugi::xml_node& roleNode : children(c, "Role")) {
        pugi::xml_node value = child(roleNode, "Value");
        std::string role = trimmedText(value ? value : roleNode);
        if (role == "Composer" || role == "Lyricist" || role == "ComposerLyricist") add(writers, partyAt(ref), "writer");
        else if (role.size() >= 8 && role.compare(role.size() - 8, 8, "Producer") == 0) add(producers, partyAt(ref), "producer");
      }
    }
    std::vector<CatalogHolder> labels = labelsOf(r, context);
    for (auto* group : {&artists, &writers, &producers, &labels})
      w.holders.insert(w.holders.end(), group->begin(), group->end());
    if (w.holders.empty())
      return error(r, "SoundRecording " + ref + " names no rights holder: no display artist, composer, lyricist, "
                      "producer, rights controller or release label");
    out_->works.push_back(std::move(w));
  }

  bool readIsrc(const pugi::xml_node& r, const std::string& ref, CatalogWork* w) {
    std::vector<pugi::xml_node> isrcs;
    if (atLeast(430)) {
      // Several editions (stereo, immersive) each have an ISRC: the
      // non-immersive one is the work's, the others become tags.
      std::vector<pugi::xml_node> editions = children(r, "SoundRecordingEdition");
      std::stable_partition(editions.begin(), editions.end(), [](const pugi::xml_node& e) {
        return std::string_view(child(e, "Type").child_value()) != "ImmersiveEdition";
      });
      for (const pugi::xml_node& e : editions)
        for (const pugi::xml_node& id : children(e, "ResourceId"))
          if (pugi::xml_node i = child(id, "ISRC")) isrcs.push_back(i);
    } else {
      for (const pugi::xml_node& id : children(r, "ResourceId"))
        if (pugi::xml_node i = child(id, "ISRC")) isrcs.push_back(i);
    }
    if (isrcs.empty()) {
      std::string path = atLeast(430) ? "SoundRecordingEdition/ResourceId/ISRC" : "ResourceId/ISRC";
      return fail(r, "SoundRecording " + ref + " has no ISRC (expected " + path + " in ERN " + version_->name + ")");
    }
    bool ok = true;
    for (const pugi::xml_node& i : isrcs) {
      std::string isrc;
      if (!normalizeIsrc(trimmedText(i), &isrc)) {
        ok = fail(i, "malformed ISRC `" + trimmedText(i) + "`: expected 2 letters, 3 letters or digits, then 7 digits");
        continue;
      }
      if (w->isrc.empty()) w->isrc = isrc;
      else if (isrc != w->isrc) w->tags.push_back("isrc:" + isrc);
    }
    return ok;
  }

  // The release's labels and the recording's rights controllers, as the
  // `label` role; percentages, where the message gives them, as shares.
  std::vector<CatalogHolder> labelsOf(const pugi::xml_node& r, const ReleaseContext& context) {
    std::vector<Controller> controllers;
    for (const pugi::xml_node& c : children(r, "ResourceRightsController")) {
      Controller k{"", "", c};
      if (pugi::xml_node ref = child(c, "RightsControllerPartyReference")) k.party = partyAt(ref);
      else k.party = refrainIdOf(idsOf(c), c);  // ERN 4.1 names the party in place
      if (pugi::xml_node p = child(c, "RightSharePercentage")) k.percent = percentOf(p);
      if (!k.party.empty()) controllers.push_back(k);
    }
    std::vector<CatalogHolder> labels;
    auto find = [&](const std::string& party) -> CatalogHolder* {
      for (CatalogHolder& h : labels)
        if (h.party == party) return &h;
      return nullptr;
    };
    for (const pugi::xml_node& l : context.labels)
      if (std::string party = partyAt(l); !party.empty() && !find(party)) labels.push_back({party, "label", ""});
    bool anyShare = false;
    for (const Controller& k : controllers) {
      CatalogHolder* h = find(k.party);
      if (!h) labels.push_back({k.party, "label", ""}), h = &labels.back();
      else if (!h->share.empty() && !k.percent.empty()) error(k.at, "party `" + k.party + "` is a rights controller twice");
      if (!k.percent.empty()) h->share = k.percent, anyShare = true;
    }
    // The catalog wants every holder of a role to have a share or none to:
    // a label without a percentage beside controllers with one takes 0%.
    if (anyShare)
      for (CatalogHolder& h : labels)
        if (h.share.empty()) {
          h.share = "0%";
          warn(r, "label `" + h.party + "` has no RightSharePercentage on this recording while other rights "
                  "controllers do: it takes 0% of the label's portion");
        }
    return labels;
  }

  // RightSharePercentage as the catalog's percent text: 0-100, or 0-1 with
  // HasMaxValueOfOne="true"; at most 4 decimal places of a percent.
  std::string percentOf(const pugi::xml_node& p) {
    // xs:decimal's forms: an optional `+`, digits on either side of an optional point.
    std::string v = trimmedText(p);
    std::string_view number = v;
    if (!number.empty() && number[0] == '+') number.remove_prefix(1);
    size_t point = number.find('.');
    std::string whole(number.substr(0, point)), fraction(point == std::string::npos ? "" : number.substr(point + 1));
    if ((!whole.empty() && !isDigits(whole)) || (!fraction.empty() && !isDigits(fraction)) ||
        (whole.empty() && fraction.empty())) {
      error(p, "RightSharePercentage `" + v + "` is not a decimal number from 0 to 100");
      return "";
    }
    if (whole.empty()) whole = "0";
    if (isTrue(p.attribute("HasMaxValueOfOne"))) {
      // Times 100: the point moves two places right.
      fraction += "00";
      whole += fraction.substr(0, 2);
      fraction = fraction.substr(2);
    }
    whole.erase(0, std::min(whole.find_first_not_of('0'), whole.size() - 1));
    while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
    if (fraction.size() > 4) {
      error(p, "RightSharePercentage `" + v + "` has more decimal places than a catalog share holds (4 of a percent)");
      return "";
    }
    if (whole.size() > 3 || std::stoi(whole) > 100 || (std::stoi(whole) == 100 && !fraction.empty())) {
      error(p, "RightSharePercentage `" + v + "` is more than 100%");
      return "";
    }
    return whole + (fraction.empty() ? "" : "." + fraction) + "%";
  }

  XmlSource source_;
  const PartyMap& map_;
  ErnLimits limits_;
  ErnImport* out_;
  std::vector<std::string>* errors_;
  size_t errorsBefore_ = errors_->size();
  const Version* version_ = nullptr;
  std::map<std::string, Party> parties_;
  std::map<std::string, ReleaseContext> contexts_;
  std::set<std::string> isrcs_;
};

}  // namespace

bool normalizeIsrc(std::string_view text, std::string* isrc) {
  std::string s;
  for (char c : text)
    if (c != ' ' && c != '-') s += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  if (s.rfind("ISRC", 0) == 0 && s.size() == 16) s.erase(0, 4);
  auto letter = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (s.size() != 12 || !letter(s[0]) || !letter(s[1])) return false;
  for (size_t i = 2; i < 5; ++i)
    if (!letter(s[i]) && !digit(s[i])) return false;
  for (size_t i = 5; i < 12; ++i)
    if (!digit(s[i])) return false;
  *isrc = s;
  return true;
}

bool importErn(std::string_view fileName, std::string_view bytes, const PartyMap& parties, const ErnLimits& limits,
               ErnImport* out, std::vector<std::string>* errors) {
  return Reader(fileName, bytes, parties, limits, out, errors).run();
}

}  // namespace refrain::interop
