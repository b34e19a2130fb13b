// Cross-document entity linking. Over a real RocksDB in a temp dir.
#include "store/entity_links.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store/store_test_fixture.h"

namespace docpipe::store {
namespace {

using testing::Entity;
using ::testing::HasSubstr;
using testing::Put;

v1::Annotation Person(uint32_t b, uint32_t e, std::string id, std::string name,
                      std::string key = "PERSON:alanahasanava") {
  v1::Annotation a = Entity(b, e, std::move(id));
  a.mutable_entity()->set_type(v1::ENTITY_TYPE_PERSON);
  a.mutable_entity()->set_canonical_name(std::move(name));
  a.mutable_entity()->set_link_key(std::move(key));
  return a;
}

TEST(EntityIdForKeyTest, TypeThenNameSlug) {
  EXPECT_EQ(EntityIdForKey("PERSON:vasanlak"), "person:vasanlak");
  EXPECT_EQ(EntityIdForKey("ORG:friedrich naumann foundation"),
            "org:friedrich_naumann_foundation");
  EXPECT_EQ(EntityIdForKey("GPE:u.s."), "gpe:u_s");
  EXPECT_EQ(EntityIdForKey("nokey"), "entity:nokey");
  EXPECT_THAT(EntityIdForKey("ORG:..."), ::testing::StartsWith("org:"));
}

// Mentions under one link_key get the key's id in every document, the
// first document included; the canonical name and the evidence name the
// first document; a person's correction is not relinked.
TEST_F(StoreTest, EntityKeysLinkMentionsAcrossDocuments) {
  auto first =
      PutOk(Put("a.txt", "Olena Guseinova wrote it.",
                {Person(0, 15, "olena_guseinova", "Olena Guseinova")}));
  auto second = PutOk(Put("b.txt", "Elena Huseynova and Huseynova agree.",
                          {Person(0, 15, "elena_huseynova", "Elena Huseynova"),
                           Entity(20, 29, "elena_huseynova")}));
  const std::string id = "person:alanahasanava";
  auto a = Head(first.document().doc_id());
  ASSERT_EQ(a.annotations_size(), 1);
  EXPECT_EQ(a.annotations(0).entity().entity_id(), id);
  EXPECT_EQ(a.annotations(0).entity().canonical_name(), "Olena Guseinova");
  auto set = Head(second.document().doc_id());
  ASSERT_EQ(set.annotations_size(), 2);
  for (const auto& m : set.annotations()) {
    EXPECT_EQ(m.entity().entity_id(), id);
    EXPECT_EQ(m.entity().canonical_name(), "Olena Guseinova");
    EXPECT_THAT(m.entity().evidence(),
                HasSubstr("first seen in " + first.document().doc_id()));
  }
  // The mentions index follows the linked id.
  v1::FindMentionsRequest find;
  find.set_entity_id(id);
  auto mentions = store_->FindMentions(find);
  ASSERT_TRUE(mentions.ok()) << mentions.status();
  EXPECT_EQ(mentions->mentions_size(), 3);  // one in a.txt, two in b.txt
  // A person sets another id: it stays.
  auto c = Edits(second.document().doc_id(), 1);
  auto* change = c.mutable_edits()->add_edits()->mutable_change();
  change->set_id(set.annotations(0).id());
  change->mutable_annotation()->mutable_entity()->set_entity_id("someone_else");
  change->mutable_update_mask()->add_paths("entity.entity_id");
  ASSERT_TRUE(store_->Commit(c, "annotator").ok());
  EXPECT_EQ(
      Head(second.document().doc_id()).annotations(0).entity().entity_id(),
      "someone_else");
}

// A person's fix of a machine mention's type and id wins for every later
// machine mention under its key, in any document; other keys are untouched.
TEST_F(StoreTest, APersonsCorrectionWinsForLaterMentionsOfTheKey) {
  const std::string key = "PERSON:laura ashley";
  auto first = PutOk(Put("a.txt", "Laura Ashley cut jobs.",
                         {Person(0, 12, "laura_ashley", "Laura Ashley", key)}));
  auto set = Head(first.document().doc_id());
  ASSERT_EQ(set.annotations_size(), 1);
  auto c = Edits(first.document().doc_id(), 1);
  auto* change = c.mutable_edits()->add_edits()->mutable_change();
  change->set_id(set.annotations(0).id());
  change->mutable_annotation()->mutable_entity()->set_type(
      v1::ENTITY_TYPE_ORG);
  change->mutable_annotation()->mutable_entity()->set_entity_id(
      "laura_ashley_plc");
  change->mutable_update_mask()->add_paths("entity.type");
  change->mutable_update_mask()->add_paths("entity.entity_id");
  ASSERT_TRUE(store_->Commit(c, "ann").ok());

  auto second =
      PutOk(Put("b.txt", "Shares in Laura Ashley and Olena Guseinova rose.",
                {Person(10, 22, "laura_ashley", "Laura Ashley", key),
                 Person(27, 42, "olena_guseinova", "Olena Guseinova")}));
  auto b = Head(second.document().doc_id());
  ASSERT_EQ(b.annotations_size(), 2);
  const auto& laura = b.annotations(0).entity();
  EXPECT_EQ(laura.type(), v1::ENTITY_TYPE_ORG);
  EXPECT_EQ(laura.entity_id(), "laura_ashley_plc");
  EXPECT_THAT(laura.evidence(),
              HasSubstr("corrected by ann in " + first.document().doc_id()));
  const auto& olena = b.annotations(1).entity();
  EXPECT_EQ(olena.type(), v1::ENTITY_TYPE_PERSON);
  EXPECT_EQ(olena.entity_id(), "person:alanahasanava");
}

// Gazetteer ids stay; attributions follow their source's new id.
TEST_F(StoreTest, GazetteerIdsStayAndAttributionsFollow) {
  v1::Annotation korea = Entity(0, 11, "north_korea");
  korea.mutable_entity()->set_evidence("gazetteer");
  korea.mutable_entity()->set_link_key("GPE:north korea");
  v1::Annotation dprk = Entity(17, 21, "north_korea");
  dprk.mutable_entity()->set_link_key("GPE:north korea");
  v1::Annotation wi =
      Person(24, 35, "wi_song_lak", "Wi Song Lak", "PERSON:vasanlak");
  v1::Annotation said;
  said.mutable_span()->set_begin(36);
  said.mutable_span()->set_end(40);
  said.mutable_attribution()->set_source_entity_id("wi_song_lak");
  said.mutable_attribution()->mutable_source()->set_begin(24);
  said.mutable_attribution()->mutable_source()->set_end(35);
  said.mutable_attribution()->mutable_content()->set_begin(41);
  said.mutable_attribution()->mutable_content()->set_end(45);
  auto put =
      PutOk(Put("k.txt", "North Korea (the DPRK), Wi Song Lak said this.",
                {korea, dprk, wi, said}));
  const v1::AnnotationSet set = Head(put.document().doc_id());
  ASSERT_EQ(set.annotations_size(), 4);
  for (const auto& a : set.annotations()) {
    if (a.has_attribution()) {
      EXPECT_EQ(a.attribution().source_entity_id(), "person:vasanlak");
    } else if (a.entity().type() == v1::ENTITY_TYPE_GPE) {
      EXPECT_EQ(a.entity().entity_id(), "north_korea");
      EXPECT_THAT(a.entity().evidence(), ::testing::Not(HasSubstr("store:")));
    } else {
      EXPECT_EQ(a.entity().entity_id(), "person:vasanlak");
    }
  }
}

}  // namespace
}  // namespace docpipe::store
