// docpipe train entities|attributions: learns the entities tagger from
// CoNLL-2003 train or the attribution cue tagger from PolNeAR train, picks
// the epoch that scores best on the held-out split, and writes the model
// file the engine embeds, with a record of how it was made beside it.
#include <chrono>
#include <fstream>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/str_format.h"
#include "annotate/entities/gazetteer.h"
#include "annotate/entities/tagger.h"
#include "annotate/eval/conll.h"
#include "annotate/eval/cue_training.h"
#include "clients/docpipe/cli.h"
#include "clients/docpipe/files.h"
#include "common/sha256.h"

ABSL_FLAG(std::string, train, "",
          "train: training data (default: CoNLL-2003 train.txt for "
          "entities, the PolNeAR train/ folder for attributions)");
ABSL_FLAG(std::string, valid, "",
          "train: held-out data the best epoch is chosen on (CoNLL-2003 "
          "valid.txt, PolNeAR dev/)");
ABSL_FLAG(std::string, model_out, "",
          "train: where to write the model (a .txt record goes beside it; "
          "default: the embedded model's path)");
ABSL_FLAG(int, epochs, 0,
          "train: passes over the training data (default 12 for entities, "
          "8 for attributions)");
ABSL_FLAG(uint64_t, seed, 20261125, "train: shuffling seed");

namespace docpipe::cli {
namespace {

using annotate::entities::Gazetteer;

std::string FlagOr(const absl::Flag<std::string>& flag, const char* fallback) {
  std::string v = absl::GetFlag(flag);
  return v.empty() ? fallback : v;
}

// One training run: `epoch(n)` trains one pass and returns the serialized
// model and its held-out score with a log line; the best is written with
// its record.
struct Run {
  std::string what, train_path, valid_path, out, data_sha256;
  int epochs;
  uint64_t seed;
  std::chrono::steady_clock::time_point start =
      std::chrono::steady_clock::now();
};

struct EpochResult {
  std::string model;
  double score;
  std::string line;
};

template <typename EpochFn>
int TrainAndWrite(const Run& run, const char* score_name, EpochFn epoch) {
  std::string best_model, log;
  double best = -1;
  int best_epoch = 0;
  for (int n = 1; n <= run.epochs; ++n) {
    auto r = epoch(n);
    if (!r.ok()) return Fail("train", r.status());
    std::cerr << r->line;
    log += r->line;
    if (r->score > best) {
      best = r->score;
      best_epoch = n;
      best_model = std::move(r->model);
    }
  }
  {
    std::ofstream f(run.out, std::ios::binary);
    f.write(best_model.data(), best_model.size());
    if (!f) {
      return Fail("train",
                  absl::InternalError(absl::StrCat(run.out, ": write failed")));
    }
  }
  const double seconds = std::chrono::duration<double>(
                             std::chrono::steady_clock::now() - run.start)
                             .count();
  std::ofstream record(run.out + ".txt");
  record << "# How " << run.out << " was made (written by docpipe train).\n"
         << absl::StrFormat(
                "command: docpipe train %s --train %s --valid %s "
                "--epochs %d --seed %d\n",
                run.what, run.train_path, run.valid_path, run.epochs, run.seed)
         << run.data_sha256 << "model sha256: " << Sha256Hex(best_model) << "\n"
         << absl::StrFormat("model bytes: %d\n", best_model.size())
         << absl::StrFormat("chosen epoch: %d (%s %.4f)\n", best_epoch,
                            score_name, best)
         << absl::StrFormat("training time: %.1f s\n", seconds) << log;
  std::cout << absl::StrFormat(
      "docpipe train: wrote %s (%d bytes, epoch %d, %s %.4f) in %.1f s\n",
      run.out, best_model.size(), best_epoch, score_name, best, seconds);
  return 0;
}

int TrainEntities() {
  Run run{"entities",
          FlagOr(FLAGS_train, "../shared/data/conll2003/train.txt"),
          FlagOr(FLAGS_valid, "../shared/data/conll2003/valid.txt"),
          FlagOr(FLAGS_model_out, "annotate/entities/model/entities.model"),
          "",
          absl::GetFlag(FLAGS_epochs) > 0 ? absl::GetFlag(FLAGS_epochs) : 12,
          absl::GetFlag(FLAGS_seed)};
  auto train_bytes = ReadFile(run.train_path);
  if (!train_bytes.ok()) return Fail("train", train_bytes.status());
  auto valid_bytes = ReadFile(run.valid_path);
  if (!valid_bytes.ok()) return Fail("train", valid_bytes.status());
  run.data_sha256 =
      absl::StrCat("train sha256: ", Sha256Hex(*train_bytes),
                   "\nvalid sha256: ", Sha256Hex(*valid_bytes), "\n");
  auto train_docs = annotate::entities::ReadConll(run.train_path);
  if (!train_docs.ok()) return Fail("train", train_docs.status());
  auto valid_docs = annotate::entities::ReadConll(run.valid_path);
  if (!valid_docs.ok()) return Fail("train", valid_docs.status());
  const Gazetteer& gazetteer = Gazetteer::Default();
  const auto train = annotate::entities::BuildCorpus(*train_docs, gazetteer);
  const auto valid = annotate::entities::BuildCorpus(*valid_docs, gazetteer);
  std::cerr << absl::StrFormat(
      "train: %d sentences, valid: %d sentences, gazetteer: %d entries\n",
      train.sentences.size(), valid.sentences.size(), gazetteer.size());

  annotate::entities::TrainOptions options;
  options.epochs = run.epochs;
  options.seed = run.seed;
  annotate::entities::Trainer trainer(options);
  return TrainAndWrite(
      run, "valid F1 PER/ORG/LOC",
      [&](int epoch) -> absl::StatusOr<EpochResult> {
        const double accuracy =
            trainer.Epoch(train.sentences, train.gold, train.docs, epoch);
        std::string model = trainer.Serialize();
        auto tagger = annotate::entities::Tagger::Load(model);
        if (!tagger.ok()) return tagger.status();
        auto scores = annotate::entities::ScoreTagger(**tagger, valid);
        const double f1 = scores["ALL"].f1();
        return EpochResult{
            std::move(model), f1,
            absl::StrFormat(
                "epoch %2d  train token accuracy %.4f  valid F1 PER/ORG/LOC "
                "%.4f (PER %.4f ORG %.4f LOC %.4f MISC %.4f)  %d features\n",
                epoch, accuracy, f1, scores["PER"].f1(), scores["ORG"].f1(),
                scores["LOC"].f1(), scores["MISC"].f1(),
                (*tagger)->num_features())};
      });
}

// The sha256 of every file of a PolNeAR split, in order, hashed again: one
// line that changes when any of them does.
std::string SplitDigest(
    const std::vector<annotate::attributions::PolnearDoc>& docs) {
  std::string all;
  for (const auto& d : docs) {
    absl::StrAppend(&all, d.name, " ", Sha256Hex(d.text), "\n");
  }
  return Sha256Hex(all);
}

int TrainAttributions() {
  namespace at = annotate::attributions;
  Run run{"attributions",
          FlagOr(FLAGS_train, "../shared/data/polnear/train"),
          FlagOr(FLAGS_valid, "../shared/data/polnear/dev"),
          FlagOr(FLAGS_model_out, "annotate/attributions/model/cues.model"),
          "",
          absl::GetFlag(FLAGS_epochs) > 0 ? absl::GetFlag(FLAGS_epochs) : 8,
          absl::GetFlag(FLAGS_seed)};
  auto train_docs = at::ReadPolnear(run.train_path);
  if (!train_docs.ok()) return Fail("train", train_docs.status());
  auto valid_docs = at::ReadPolnear(run.valid_path);
  if (!valid_docs.ok()) return Fail("train", valid_docs.status());
  run.data_sha256 =
      absl::StrCat("train texts sha256: ", SplitDigest(*train_docs),
                   "\nvalid texts sha256: ", SplitDigest(*valid_docs), "\n");
  const at::CueCorpus train = at::BuildCueCorpus(*train_docs);
  const at::CueCorpus valid = at::BuildCueCorpus(*valid_docs);
  std::cerr << absl::StrFormat("train: %d articles, valid: %d articles\n",
                               train_docs->size(), valid_docs->size());
  at::CueTrainer trainer(run.seed);
  return TrainAndWrite(
      run, "valid cue-overlap F1",
      [&](int epoch) -> absl::StatusOr<EpochResult> {
        const double accuracy =
            trainer.Epoch(train.discourses, train.gold, epoch);
        std::string model = trainer.Serialize();
        auto tagger = at::CueTagger::Load(model);
        if (!tagger.ok()) return tagger.status();
        const at::CueScores s = at::ScoreCues(**tagger, valid);
        const double p = s.predicted ? double(s.matched) / s.predicted : 0;
        const double r = s.gold ? double(s.matched) / s.gold : 0;
        return EpochResult{
            std::move(model), s.f1(),
            absl::StrFormat("epoch %2d  train token accuracy %.4f  valid cue "
                            "overlap P %.4f R %.4f F1 %.4f  %d features\n",
                            epoch, accuracy, p, r, s.f1(),
                            (*tagger)->num_features())};
      });
}

}  // namespace

int RunTrain(const std::vector<std::string>& args) {
  if (args.size() == 1 && args[0] == "entities") return TrainEntities();
  if (args.size() == 1 && args[0] == "attributions") return TrainAttributions();
  return UsageError("train", absl::StrCat("unknown model '", args[0],
                                          "' (entities or attributions)"));
}

}  // namespace docpipe::cli
