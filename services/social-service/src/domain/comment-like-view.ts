/** A comment's like count and whether the viewer likes it. */
export interface CommentLikeView {
  commentId: string;
  likes: number;
  liked: boolean;
}
