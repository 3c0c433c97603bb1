// The byte layout of a bundle, written once as field lists that both the
// compiler's writer and the runtime's reader walk, so the two cannot disagree.
//
//   bundle  = magic "RFB\0" | version u32 LE | sha256 (32 bytes) of payload | payload
//   payload = section*, in the order of SectionTag
//   section = tag (varint) | length (varint) | body
//   varint  = unsigned LEB128; signed integers are zigzag-encoded first
//   the last section, the catalog, has its own layout (catalog_table.h)
//   string  = length (varint) | bytes;  vector = count (varint) | items
#pragma once

#include "runtime/bundle.h"

namespace refrain::runtime {

enum class SectionTag : uint32_t {
  kFiles = 1, kUses, kRoles, kTerritories, kCurrencies, kSlots, kConstants, kPatterns,
  kCode, kBlocks, kPolicies, kExpressions, kCatalog,
};
constexpr size_t kHeaderSize = 4 + 4 + 32;

// An archive `a` provides: a(bool&), a(uint8_t&), a(uint32_t&), a(int32_t&),
// a(int64_t&), a(std::string&), and a(std::vector<T>&) calling io(a, T&).
template <class A> void io(A& a, UseDef& u) { a(u.name); a(u.parent); }
template <class A> void io(A& a, FieldSlot& s) { a(s.path); a(s.type); }
template <class A> void io(A& a, Scalar& s) {
  uint8_t type = static_cast<uint8_t>(s.type);
  a(type);
  s.type = static_cast<ValueType>(type);
  a(s.number);
  a(s.text);
}
template <class A> void io(A& a, Constant& c) { a(c.type); a(c.items); }
template <class A> void io(A& a, Instr& i) {
  uint8_t op = static_cast<uint8_t>(i.op);
  a(op);
  i.op = static_cast<Op>(op);
  a(i.a);
}
template <class A> void io(A& a, CodeBlock& b) { a(b.start); a(b.length); a(b.maxStack); a(b.resultType); }
template <class A> void io(A& a, TextPiece& p) { a(p.isSlot); a(p.text); a(p.slot); }
template <class A> void io(A& a, DutyDef& d) { a(d.name); a(d.hasText); a(d.pieces); }
template <class A> void io(A& a, ShareDef& s) { a(s.role); a(s.ppm); }
template <class A> void io(A& a, ProbeOperand& o) { a(o.text); a(o.block); }
template <class A> void io(A& a, ProbeDef& p) {
  uint8_t kind = static_cast<uint8_t>(p.kind);
  a(kind);
  p.kind = static_cast<ProbeKind>(kind);
  a(p.text); a(p.block); a(p.operands);
}
template <class A> void io(A& a, RuleDef& r) {
  a(r.allow); a(r.file); a(r.line); a(r.uses); a(r.except); a(r.when); a(r.pay); a(r.split); a(r.duties);
  a(r.whenProbes);
}
template <class A> void io(A& a, ConsentDef& c) { a(c.roles); a(c.uses); }
template <class A> void io(A& a, PolicyDef& p) {
  a(p.file); a(p.line); a(p.name); a(p.role); a(p.party); a(p.effective); a(p.expires); a(p.on); a(p.consents); a(p.rules);
  a(p.onProbes);
}
// Calls section(tag, fn) for each section but the catalog, in order; fn(archive) walks its body.
template <class S> void forEachSection(Bundle& b, S&& section) {
  section(SectionTag::kFiles, [&](auto& a) { a(b.files); });
  section(SectionTag::kUses, [&](auto& a) { a(b.uses); });
  section(SectionTag::kRoles, [&](auto& a) { a(b.roles); });
  section(SectionTag::kTerritories, [&](auto& a) { a(b.territories); });
  section(SectionTag::kCurrencies, [&](auto& a) { a(b.currencies); });
  section(SectionTag::kSlots, [&](auto& a) { a(b.slots); });
  section(SectionTag::kConstants, [&](auto& a) { a(b.constants); });
  section(SectionTag::kPatterns, [&](auto& a) { a(b.patterns); });
  section(SectionTag::kCode, [&](auto& a) { a(b.code); });
  section(SectionTag::kBlocks, [&](auto& a) { a(b.blocks); });
  section(SectionTag::kPolicies, [&](auto& a) { a(b.policies); });
  section(SectionTag::kExpressions, [&](auto& a) { a(b.expressions); });
}

}  // namespace refrain::runtime
