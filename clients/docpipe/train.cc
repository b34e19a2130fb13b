// docpipe train entities: learns the entities tagger from CoNLL-2003 train,
// picks the epoch that scores best on valid, and writes the model file the
// engine embeds, with a record of how it was made beside it.
#include <chrono>
#include <fstream>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/str_format.h"
#include "annotate/entities/conll.h"
#include "annotate/entities/gazetteer.h"
#include "annotate/entities/tagger.h"
#include "clients/docpipe/cli.h"
#include "clients/docpipe/files.h"
#include "common/sha256.h"

ABSL_FLAG(std::string, train, "../shared/data/conll2003/train.txt",
          "train: CoNLL-2003 training file");
ABSL_FLAG(std::string, valid, "../shared/data/conll2003/valid.txt",
          "train: CoNLL-2003 file the best epoch is chosen on");
ABSL_FLAG(std::string, model_out, "annotate/entities/model/entities.model",
          "train: where to write the model (a .txt record goes beside it)");
ABSL_FLAG(int, epochs, 12, "train: passes over the training data");
ABSL_FLAG(uint64_t, seed, 20261125, "train: shuffling seed");

namespace docpipe::cli {

using annotate::entities::Gazetteer;

int RunTrain(const std::vector<std::string>& args) {
  if (args.size() != 1 || args[0] != "entities") {
    return Fail("train", absl::InvalidArgumentError(
                             "usage: docpipe train entities [--train F] "
                             "[--valid F] [--model_out F] [--epochs N]"));
  }
  const auto start = std::chrono::steady_clock::now();
  const std::string train_path = absl::GetFlag(FLAGS_train);
  const std::string valid_path = absl::GetFlag(FLAGS_valid);
  auto train_bytes = ReadFile(train_path);
  if (!train_bytes.ok()) return Fail("train", train_bytes.status());
  auto valid_bytes = ReadFile(valid_path);
  if (!valid_bytes.ok()) return Fail("train", valid_bytes.status());
  auto train_docs = annotate::entities::ReadConll(train_path);
  if (!train_docs.ok()) return Fail("train", train_docs.status());
  auto valid_docs = annotate::entities::ReadConll(valid_path);
  if (!valid_docs.ok()) return Fail("train", valid_docs.status());
  const Gazetteer& gazetteer = Gazetteer::Default();
  const auto train = annotate::entities::BuildCorpus(*train_docs, gazetteer);
  const auto valid = annotate::entities::BuildCorpus(*valid_docs, gazetteer);
  std::cerr << absl::StrFormat(
      "train: %d sentences, valid: %d sentences, gazetteer: %d entries\n",
      train.sentences.size(), valid.sentences.size(), gazetteer.size());

  annotate::entities::TrainOptions options;
  options.epochs = absl::GetFlag(FLAGS_epochs);
  options.seed = absl::GetFlag(FLAGS_seed);
  annotate::entities::Trainer trainer(options);
  std::string best_model;
  double best_f1 = -1;
  int best_epoch = 0;
  std::string log;
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    const double accuracy = trainer.Epoch(train.sentences, train.gold, train.docs, epoch);
    std::string model = trainer.Serialize();
    auto tagger = annotate::entities::Tagger::Load(model);
    if (!tagger.ok()) return Fail("train", tagger.status());
    auto scores = annotate::entities::ScoreTagger(**tagger, valid);
    const double f1 = scores["ALL"].f1();
    std::string line = absl::StrFormat(
        "epoch %2d  train token accuracy %.4f  valid F1 PER/ORG/LOC %.4f "
        "(PER %.4f ORG %.4f LOC %.4f MISC %.4f)  %d features\n",
        epoch, accuracy, f1, scores["PER"].f1(), scores["ORG"].f1(),
        scores["LOC"].f1(), scores["MISC"].f1(), (*tagger)->num_features());
    std::cerr << line;
    log += line;
    if (f1 > best_f1) {
      best_f1 = f1;
      best_epoch = epoch;
      best_model = std::move(model);
    }
  }
  const std::string out = absl::GetFlag(FLAGS_model_out);
  {
    std::ofstream f(out, std::ios::binary);
    f.write(best_model.data(), best_model.size());
    if (!f) {
      return Fail("train", absl::InternalError(absl::StrCat(out, ": write failed")));
    }
  }
  const double seconds = std::chrono::duration<double>(
                             std::chrono::steady_clock::now() - start)
                             .count();
  std::ofstream record(out + ".txt");
  record << "# How " << out << " was made (written by docpipe train).\n"
         << absl::StrFormat(
                "command: docpipe train entities --train %s --valid %s "
                "--epochs %d --seed %d\n",
                train_path, valid_path, options.epochs, options.seed)
         << "train sha256: " << Sha256Hex(*train_bytes) << "\n"
         << "valid sha256: " << Sha256Hex(*valid_bytes) << "\n"
         << "model sha256: " << Sha256Hex(best_model) << "\n"
         << absl::StrFormat("model bytes: %d\n", best_model.size())
         << absl::StrFormat("chosen epoch: %d (valid F1 PER/ORG/LOC %.4f)\n",
                            best_epoch, best_f1)
         << absl::StrFormat("training time: %.1f s\n", seconds) << log;
  std::cout << absl::StrFormat(
      "docpipe train: wrote %s (%d bytes, epoch %d, valid F1 %.4f) in %.1f s\n",
      out, best_model.size(), best_epoch, best_f1, seconds);
  return 0;
}

}  // namespace docpipe::cli
