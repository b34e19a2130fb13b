// The claims index: claims derived in the commit that moves a head, found
// across documents by FindClaims, replaced by a correction, regrouped by a
// person, and announced on the change stream.
#include <gmock/gmock.h>

#include "store/store_test_fixture.h"

namespace docpipe::store {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::Put;

// "12,000 soldiers were sent to Russia." with its count.
constexpr char kSent12[] = "Officials said 12,000 soldiers were sent to Russia.";
constexpr char kSent15[] = "About 15,000 troops have been sent to Russia.";

v1::Annotation Count(uint32_t begin, uint32_t end, double value,
                     v1::Approx approx = v1::APPROX_EXACT) {
  v1::Annotation a = testing::Number(begin, end, value);
  a.mutable_number()->set_counted("soldiers");
  a.mutable_number()->set_approx(approx);
  return a;
}

class ClaimsIndexTest : public StoreTest {
 protected:
  v1::FindClaimsResponse Find(v1::FindClaimsRequest request = {}) {
    auto found = store_->FindClaims(request);
    EXPECT_TRUE(found.ok()) << found.status();
    return found.ok() ? *found : v1::FindClaimsResponse();
  }
  // Two articles, one figure each, of soldiers sent: 12,000 and "about
  // 15,000" ([13,500, 16,500]), which disagree.
  void PutBoth() {
    a_ = PutOk(Put("a", kSent12, {Count(15, 21, 12000)})).document().doc_id();
    b_ = PutOk(Put("b", kSent15, {Count(0, 12, 15000, v1::APPROX_ABOUT)}))
             .document()
             .doc_id();
  }
  std::string a_, b_;
};

TEST_F(ClaimsIndexTest, GroupsFiguresOfOneThingAcrossDocuments) {
  PutBoth();
  v1::FindClaimsResponse found = Find();
  ASSERT_EQ(found.groups_size(), 1);
  const v1::ClaimGroup& g = found.groups(0);
  EXPECT_EQ(g.key(), "count:soldier/send/");
  EXPECT_TRUE(g.disagree());
  ASSERT_EQ(g.claims_size(), 2);
  EXPECT_EQ(g.claims(0).text(), "12,000");
  EXPECT_EQ(g.claims(1).text(), "About 15,000");
  EXPECT_TRUE(g.claims(0).outlet());
  EXPECT_TRUE(found.next_page_token().empty());
}

TEST_F(ClaimsIndexTest, CorrectionReplacesTheClaimAndNamesItsGroup) {
  PutBoth();
  // A person fixes 15,000 to 12,000: the figures agree from then on.
  v1::CommitRequest fix = Edits(b_, 1);
  auto* change = fix.mutable_edits()->add_edits()->mutable_change();
  change->set_id(Head(b_).annotations(0).id());
  change->mutable_annotation()->mutable_number()->set_value(12000);
  change->mutable_annotation()->mutable_number()->set_approx(
      v1::APPROX_EXACT);
  change->mutable_update_mask()->add_paths("number.value");
  change->mutable_update_mask()->add_paths("number.approx");
  auto committed = store_->Commit(fix, "ann");
  ASSERT_TRUE(committed.ok()) << committed.status();
  v1::FindClaimsResponse found = Find();
  ASSERT_EQ(found.groups_size(), 1);
  EXPECT_FALSE(found.groups(0).disagree());
  EXPECT_EQ(found.groups(0).claims(1).number().value(), 12000);

  v1::SubscribeRequest req;
  req.set_start_revision(1);
  req.mutable_filter()->add_claim_groups("count:soldier");
  auto sub = store_->Subscribe(req, nullptr);
  ASSERT_TRUE(sub.ok()) << sub.status();
  v1::ChangeEvent e;
  absl::Status st;
  std::vector<uint64_t> versions;
  while ((*sub)->Next(&e, &st) == Subscription::Poll::kEvent) {
    EXPECT_THAT(e.claim_groups(), ElementsAre("count:soldier/send/"));
    versions.push_back(e.version());
  }
  // Both first versions and the correction; never a DOCUMENT_ADDED.
  EXPECT_THAT(versions, ElementsAre(1, 1, 2));
}

TEST_F(ClaimsIndexTest, ACommitThatLeavesClaimsAloneTouchesNoGroup) {
  PutBoth();
  v1::CommitRequest add = Edits(a_, 1);
  *add.mutable_edits()->add_edits()->mutable_add() =
      testing::Entity(44, 50, "russia");
  ASSERT_TRUE(store_->Commit(add, "ann").ok());
  v1::SubscribeRequest req;
  req.set_start_revision(store_->current_revision());
  auto sub = store_->Subscribe(req, nullptr);
  ASSERT_TRUE(sub.ok());
  v1::ChangeEvent e;
  absl::Status st;
  ASSERT_EQ((*sub)->Next(&e, &st), Subscription::Poll::kEvent);
  // The claim's sentence now names Russia: the claim changed.
  EXPECT_THAT(e.claim_groups(), ElementsAre("count:soldier/send/"));
  v1::FindClaimsRequest by_entity;
  by_entity.set_entity_id("russia");
  EXPECT_EQ(Find(by_entity).groups_size(), 1);

  // A note-only commit (an empty edit list) changes no claim.
  ASSERT_TRUE(store_->Commit(Edits(a_, 2), "ann").ok());
  req.set_start_revision(store_->current_revision());
  sub = store_->Subscribe(req, nullptr);
  ASSERT_TRUE(sub.ok());
  ASSERT_EQ((*sub)->Next(&e, &st), Subscription::Poll::kEvent);
  EXPECT_THAT(e.claim_groups(), IsEmpty());
  req.mutable_filter()->set_claims_only(true);
  sub = store_->Subscribe(req, nullptr);
  ASSERT_TRUE(sub.ok());
  EXPECT_EQ((*sub)->Next(&e, &st), Subscription::Poll::kEmpty);
}

TEST_F(ClaimsIndexTest, PersonsRegroupingMovesTheClaim) {
  PutBoth();
  v1::CommitRequest regroup = Edits(b_, 1);
  auto* change = regroup.mutable_edits()->add_edits()->mutable_change();
  change->set_id(Head(b_).annotations(0).id());
  change->mutable_annotation()->mutable_number()->set_claim_group(
      "count:soldier/send/planned");
  change->mutable_update_mask()->add_paths("number.claim_group");
  ASSERT_TRUE(store_->Commit(regroup, "ann").ok());
  v1::FindClaimsRequest all;
  v1::FindClaimsResponse found = Find(all);
  ASSERT_EQ(found.groups_size(), 2);
  EXPECT_EQ(found.groups(0).key(), "count:soldier/send/");
  EXPECT_FALSE(found.groups(0).regrouped());
  EXPECT_EQ(found.groups(1).key(), "count:soldier/send/planned");
  EXPECT_TRUE(found.groups(1).regrouped());
  EXPECT_FALSE(found.groups(1).disagree());
}

TEST_F(ClaimsIndexTest, FiltersAndPages) {
  PutBoth();
  PutOk(Put("c", "The deal is worth $5 billion.",
            {[] {
              v1::Annotation a = testing::Number(18, 28, 5e9);
              a.mutable_number()->set_kind(v1::NUMBER_KIND_MONEY);
              a.mutable_number()->set_unit("USD");
              return a;
            }()}));
  EXPECT_EQ(Find().groups_size(), 2);
  v1::FindClaimsRequest r;
  r.set_key_prefix("money:");
  ASSERT_EQ(Find(r).groups_size(), 1);
  EXPECT_EQ(Find(r).groups(0).key(), "money:USD/value/");
  r.Clear();
  r.set_disagree_only(true);
  ASSERT_EQ(Find(r).groups_size(), 1);
  r.Clear();
  r.set_min_claims(2);
  EXPECT_EQ(Find(r).groups_size(), 1);

  // One group a page: the token leads to the next, then none.
  r.Clear();
  r.set_page_size(1);
  v1::FindClaimsResponse first = Find(r);
  ASSERT_EQ(first.groups_size(), 1);
  EXPECT_EQ(first.groups(0).key(), "count:soldier/send/");
  ASSERT_FALSE(first.next_page_token().empty());
  r.set_page_token(first.next_page_token());
  v1::FindClaimsResponse second = Find(r);
  ASSERT_EQ(second.groups_size(), 1);
  EXPECT_EQ(second.groups(0).key(), "money:USD/value/");
  EXPECT_TRUE(second.next_page_token().empty());

  r.set_page_token("not a token!");
  EXPECT_EQ(store_->FindClaims(r).status().code(),
            absl::StatusCode::kInvalidArgument);
  r.Clear();
  r.set_page_size(1001);
  EXPECT_THAT(std::string(store_->FindClaims(r).status().message()),
              ::testing::HasSubstr("page_size"));
}

TEST_F(ClaimsIndexTest, ClaimGroupKeyIsValidated) {
  v1::Annotation a = Count(15, 21, 12000);
  a.mutable_number()->set_claim_group(std::string("a\0b", 3));
  auto put = store_->PutDocument(Put("a", kSent12, {a}), "feeder");
  EXPECT_EQ(put.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(put.status().message()),
              ::testing::HasSubstr("number.claim_group"));
}

TEST_F(ClaimsIndexTest, NothingDerivedWhenOff) {
  StoreOptions off;
  off.derive_claims = false;
  Reopen(off);
  PutBoth();
  EXPECT_EQ(Find().groups_size(), 0);
}

}  // namespace
}  // namespace docpipe::store
